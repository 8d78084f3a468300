// Golden-file tests over tests/mime-corpus/ (format described in its README.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/mime.hpp"

using namespace carteiro::mime;
namespace fs = std::filesystem;

namespace {

fs::path corpus_dir() { return fs::path(CARTEIRO_SOURCE_DIR) / "tests" / "mime-corpus"; }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string to_crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string to_lf(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) out += text[i];
  return out;
}

struct Block {
  std::string key;
  std::string arg;
  std::vector<std::string> lines;
};

std::vector<Block> read_expected(const std::string& text) {
  std::vector<Block> blocks;
  std::istringstream in(text);
  std::string line;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    if (!open) {
      if (line.empty() || line[0] == '#') continue;
      std::size_t sp = line.find(' ');
      blocks.push_back({line.substr(0, sp), sp == std::string::npos ? "" : line.substr(sp + 1), {}});
      open = &blocks.back();
    } else if (line == ".END") {
      open = nullptr;
    } else {
      open->lines.push_back(line);
    }
  }
  REQUIRE_MESSAGE(open == nullptr, "unterminated block");
  return blocks;
}

std::string join(const std::vector<std::string>& lines, std::string_view eol) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += eol;
    out += lines[i];
  }
  return out;
}

// "2.1.HEADER.FIELDS (FROM TO)" -> Section.
Section parse_spec(std::string_view spec) {
  Section s;
  while (!spec.empty() && spec[0] >= '0' && spec[0] <= '9') {
    std::size_t dot = spec.find('.');
    s.part.push_back(static_cast<unsigned>(std::stoul(std::string(spec.substr(0, dot)))));
    spec = dot == std::string_view::npos ? std::string_view{} : spec.substr(dot + 1);
  }
  std::size_t paren = spec.find('(');
  std::string keyword = carteiro::to_upper(carteiro::trim(spec.substr(0, paren)));
  if (paren != std::string_view::npos) {
    std::string_view list = spec.substr(paren + 1, spec.find(')') - paren - 1);
    for (std::string_view f : carteiro::split(list, ' '))
      if (!f.empty()) s.fields.emplace_back(f);
  }
  if (keyword == "HEADER") s.text = SectionText::header;
  else if (keyword == "HEADER.FIELDS") s.text = SectionText::header_fields;
  else if (keyword == "HEADER.FIELDS.NOT") s.text = SectionText::header_fields_not;
  else if (keyword == "TEXT") s.text = SectionText::text;
  else if (keyword == "MIME") s.text = SectionText::mime;
  else REQUIRE_MESSAGE(keyword.empty(), "bad section spec ", std::string(spec));
  return s;
}

void check_message(const fs::path& eml) {
  std::string name = eml.filename().string();
  bool bare_lf = name.size() > 7 && name.substr(name.size() - 7) == ".lf.eml";
  std::string raw = read_file(eml);
  std::string message = bare_lf ? raw : to_crlf(raw);
  std::string_view eol = bare_lf ? "\n" : "\r\n";
  fs::path expected_path = eml;
  expected_path.replace_extension();
  if (bare_lf) expected_path.replace_extension();
  expected_path += ".expected";
  REQUIRE_MESSAGE(fs::exists(expected_path), "missing ", expected_path.string());
  std::vector<Block> blocks = read_expected(read_file(expected_path));
  CHECK_MESSAGE(!blocks.empty(), name);
  Summary summary = summarize(message);
  for (const Block& b : blocks) {
    std::string want = join(b.lines, eol);
    INFO(name, ": ", b.key, " ", b.arg);
    if (b.key == "HEADER_SIZE") {
      CHECK(std::to_string(summary.header_size) == want);
    } else if (b.key == "ENVELOPE") {
      CHECK(summary.envelope == want);
    } else if (b.key == "BODYSTRUCTURE") {
      CHECK(summary.bodystructure == want);
    } else if (b.key == "BODY") {
      CHECK(summary.body == want);
    } else if (b.key == "SECTION") {
      CHECK(extract_section(message, parse_spec(b.arg)) == want);
    } else if (b.key == "HEADER_TEXT") {
      CHECK(to_lf(header_text(message, b.arg)) == join(b.lines, "\n"));
    } else if (b.key == "BODY_TEXT") {
      CHECK(to_lf(body_text(message)) == join(b.lines, "\n"));
    } else {
      FAIL("unknown key ", b.key);
    }
  }
}

}  // namespace

TEST_CASE("MIME corpus: ENVELOPE, BODY, BODYSTRUCTURE and sections match the golden files") {
  REQUIRE(fs::is_directory(corpus_dir()));
  int messages = 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(corpus_dir()))
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& eml : files) {
    check_message(eml);
    ++messages;
  }
  CHECK(messages >= 10);
}
