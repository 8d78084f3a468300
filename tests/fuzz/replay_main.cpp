// Runs a fuzz target without libFuzzer, so every target is also an ordinary test: each
// file of the seed corpus, then a fixed number of pseudo-random mutations of those seeds
// (fixed seed: every run tries the same inputs), within a time budget.
//
//   replay_NAME [--mutations N] [--seed S] [--budget SECONDS] PATH...
//
// A PATH is a file (run as it is: how a crash file is reproduced) or a folder of seeds.
// When the target crashes (a failed invariant, a sanitizer report, an uncaught exception),
// the input is written to crash-NAME-<hash> in the current folder first.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Present when the program is built with a sanitizer: called before it exits on a report.
extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*callback)());

namespace {

namespace fs = std::filesystem;

// Big enough for every limit worth reaching (lines, literals, nesting), small enough to keep
// the suite fast under the sanitizers.
constexpr std::size_t kMaxMutatedSize = 16 * 1024;

// splitmix64: small, fast, and the same sequence on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

// Bytes and words that matter to the parsers under test: line ends, literal markers,
// MIME and SMTP punctuation, numbers at the edges of their types.
constexpr std::array<std::string_view, 40> kTokens = {
    "\r\n", "\n", "\r", std::string_view("\0", 1), "\r\n\r\n", "\r\n.\r\n", "\n.\n", "..",
    "{5}\r\n", "{0}\r\n", "{3+}\r\n", "{4294967296}", "\"", "\\", "()", "(", ")", "[]",
    "=?utf-8?B?", "=?iso-8859-1?Q?", "?=", "=\r\n", "=XX", "--", "\r\n--b\r\n", "\r\n--b--\r\n",
    "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Transfer-Encoding: base64\r\n",
    "<>", "<a@b>", "@", "*", "%", "&-", "0", "4294967295", "18446744073709551616", "-1",
    " SIZE=", "\t"};
constexpr std::array<char, 16> kBytes = {'\0', '\r', '\n', ' ', '.', ':', '{', '}', '"', '=', '<', '>',
                                         '\x7f', '\x80', '\xff', '9'};

void mutate_once(std::string& s, const std::vector<std::string>& seeds, Random& rng) {
  std::size_t pos = rng.below(s.size() + 1);
  switch (rng.below(10)) {
    case 0:  // flip a bit
      if (!s.empty()) s[rng.below(s.size())] ^= static_cast<char>(1u << rng.below(8));
      break;
    case 1:  // a byte that means something
      if (!s.empty()) s[rng.below(s.size())] = kBytes[rng.below(kBytes.size())];
      break;
    case 2:  // any byte
      s.insert(pos, 1, static_cast<char>(rng.below(256)));
      break;
    case 3: {  // delete a range
      if (pos < s.size()) s.erase(pos, 1 + rng.below(std::min<std::size_t>(s.size() - pos, 64)));
      break;
    }
    case 4:  // insert a token
      s.insert(pos, kTokens[rng.below(kTokens.size())]);
      break;
    case 5:  // truncate
      s.resize(pos);
      break;
    case 6: {  // copy a range elsewhere
      if (s.empty()) break;
      std::size_t from = rng.below(s.size());
      std::size_t n = 1 + rng.below(std::min<std::size_t>(s.size() - from, 128));
      std::string piece = s.substr(from, n);
      s.insert(rng.below(s.size() + 1), piece);
      break;
    }
    case 7: {  // repeat a range many times (limits, long lines, deep nesting)
      if (s.empty()) break;
      std::size_t from = rng.below(s.size());
      std::size_t n = 1 + rng.below(std::min<std::size_t>(s.size() - from, 16));
      std::string piece = s.substr(from, n);
      std::size_t times = 2 + rng.below(2000);
      std::string run;
      for (std::size_t i = 0; i < times && run.size() < kMaxMutatedSize; ++i) run += piece;
      s.insert(from, run);
      break;
    }
    case 8: {  // splice in a piece of another seed
      const auto& other = seeds[rng.below(seeds.size())];
      if (other.empty()) break;
      std::size_t from = rng.below(other.size());
      std::size_t n = 1 + rng.below(std::min<std::size_t>(other.size() - from, 256));
      s.insert(pos, other, from, n);
      break;
    }
    default:  // change a digit (sizes, counts, literal lengths)
      for (std::size_t i = 0; i < s.size(); ++i) {
        std::size_t at = (pos + i) % s.size();
        if (s[at] >= '0' && s[at] <= '9') {
          s[at] = static_cast<char>('0' + rng.below(10));
          break;
        }
      }
      break;
  }
  if (s.size() > kMaxMutatedSize) s.resize(kMaxMutatedSize);
}

// The input being run, for the crash handlers.
std::string g_target_name;
const std::string* g_current = nullptr;

void save_current_input() {
  if (!g_current) return;
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : *g_current) hash = (hash ^ c) * 1099511628211ull;
  char name[256];
  std::snprintf(name, sizeof name, "crash-%s-%016llx", g_target_name.c_str(), static_cast<unsigned long long>(hash));
  int fd = ::open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    std::size_t done = 0;
    while (done < g_current->size()) {
      auto n = ::write(fd, g_current->data() + done, g_current->size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  char cwd[1024];
  if (!::getcwd(cwd, sizeof cwd)) std::strcpy(cwd, ".");
  std::fprintf(stderr, "\n==== crashing input (%zu bytes) saved as %s/%s\n", g_current->size(), cwd, name);
  g_current = nullptr;
}

void on_abort(int signal) {
  save_current_input();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run(const std::string& input) {
  g_current = &input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  g_current = nullptr;
}

int usage(const char* program) {
  std::fprintf(stderr, "usage: %s [--mutations N] [--seed S] [--budget SECONDS] PATH...\n", program);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mutations = 0;
  std::uint64_t seed = 1;
  double budget_seconds = 10;
  std::vector<fs::path> paths;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if ((arg == "--mutations" || arg == "--seed" || arg == "--budget") && i + 1 < argc) {
      const char* value = argv[++i];
      if (arg == "--mutations") mutations = std::strtoull(value, nullptr, 10);
      else if (arg == "--seed") seed = std::strtoull(value, nullptr, 10);
      else budget_seconds = std::strtod(value, nullptr);
    } else if (!arg.empty() && arg.front() == '-') {
      return usage(argv[0]);
    } else {
      paths.emplace_back(arg);
    }
  }
  if (paths.empty()) return usage(argv[0]);

  g_target_name = fs::path(argv[0]).filename().string();
  if (g_target_name.rfind("replay_", 0) == 0) g_target_name.erase(0, 7);
  std::signal(SIGABRT, on_abort);
  std::signal(SIGSEGV, on_abort);
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(save_current_input);

  std::vector<std::string> seeds;
  for (const auto& path : paths) {
    if (fs::is_directory(path)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(path))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());  // the same order on every run
      for (const auto& file : files) seeds.push_back(read_file(file));
    } else if (fs::is_regular_file(path)) {
      seeds.push_back(read_file(path));
    } else {
      std::fprintf(stderr, "%s: no such file or folder\n", path.c_str());
      return 2;
    }
  }

  auto started = std::chrono::steady_clock::now();
  run(std::string());
  for (const auto& s : seeds) run(s);
  if (seeds.empty()) seeds.emplace_back();

  Random rng(seed);
  std::size_t done = 0;
  const auto budget = std::chrono::duration<double>(budget_seconds);
  for (; done < mutations; ++done) {
    if (std::chrono::steady_clock::now() - started > budget) break;
    std::string input = seeds[rng.below(seeds.size())];
    std::size_t steps = 1 + rng.below(4);
    for (std::size_t k = 0; k < steps; ++k) mutate_once(input, seeds, rng);
    run(input);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%s: %zu seeds, %zu of %zu mutations in %.2f s%s\n", g_target_name.c_str(), seeds.size(), done,
              mutations, seconds, done < mutations ? " (time budget reached)" : "");
  return 0;
}
