// The Public Suffix List (https://publicsuffix.org/list/): its file format and the
// organizational domain of RFC 7489 section 3.2 taken from it.
//
// The list's algorithm: a rule matches a domain when its labels equal the domain's rightmost
// labels, "*" matching any one label; the prevailing rule is an exception ("!") when one
// matches, else the matching rule with the most labels, else the implicit rule "*". The
// public suffix is the domain's labels that the prevailing rule covers (an exception rule
// covers one label less than it is long).
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dmarc.hpp"
#include "carteiro/mailauth/punycode.hpp"

namespace carteiro::mailauth::dmarc {

namespace {

// A line longer than this is not a rule (the longest in the list is under 100 octets).
constexpr std::size_t kMaxRuleBytes = 253;

// The domain's labels from the right: a label count K names the suffix of K labels.
std::string_view suffix_of(std::string_view domain, std::size_t labels) {
  if (labels == 0) return {};
  std::size_t pos = domain.size();
  for (std::size_t i = 0; i < labels; ++i) {
    if (pos == 0) return domain;
    std::size_t dot = domain.rfind('.', pos - 1);
    if (dot == std::string_view::npos) return domain;
    pos = dot;
    if (i + 1 == labels) return domain.substr(dot + 1);
  }
  return domain;
}

std::size_t label_count(std::string_view domain) {
  if (domain.empty()) return 0;
  std::size_t n = 1;
  for (char c : domain) n += c == '.';
  return n;
}

// Lower case on ASCII only: the file's IDNA labels are UTF-8 and stay as written.
std::string normalize_domain(std::string_view domain) {
  domain = trim(domain);
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  return to_lower(domain);
}

// The list writes internationalized labels as UTF-8; a name from DNS or a header may carry
// them as A-labels. Matching happens on the UTF-8 form, label for label.
std::string unicode_form(std::string_view domain) {
  if (domain.find("xn--") == std::string_view::npos) return std::string(domain);
  std::string out;
  for (auto label : split(domain, '.')) {
    if (!out.empty()) out += '.';
    out += to_lower(label_to_unicode(label));
  }
  return out;
}

}  // namespace

struct PublicSuffixList::Rules {
  std::unordered_set<std::string> exact;       // "co.uk"
  std::unordered_set<std::string> wildcard;    // "*.ck" stored as "ck"
  std::unordered_set<std::string> exceptions;  // "!www.ck" stored as "www.ck"

  void add(std::string_view rule) {
    if (rule.empty() || rule.size() > kMaxRuleBytes) return;
    std::string text = to_lower(rule);
    if (text.front() == '!') {
      if (text.size() > 1) exceptions.insert(text.substr(1));
    } else if (text.rfind("*.", 0) == 0) {
      if (text.size() > 2) wildcard.insert(text.substr(2));
    } else if (text == "*") {
      wildcard.insert("");
    } else if (text.find('*') == std::string::npos && text.front() != '.' && text.back() != '.') {
      exact.insert(std::move(text));
    }
    // A "*" anywhere but the leftmost label is not part of the format: such a line is ignored.
  }

  // How many of DOMAIN's labels form its public suffix.
  std::size_t public_suffix_labels(std::string_view domain) const {
    std::size_t total = label_count(domain);
    std::size_t longest = 1;  // the implicit "*" rule
    for (std::size_t k = 1; k <= total; ++k) {
      std::string suffix(suffix_of(domain, k));
      if (exceptions.count(suffix) != 0) return k - 1;
      if (exact.count(suffix) != 0) longest = k;
      if (k >= 2 && wildcard.count(std::string(suffix_of(domain, k - 1))) != 0) longest = k;
    }
    return longest;
  }
};

PublicSuffixList::PublicSuffixList() : rules_(std::make_unique<Rules>()) {}
PublicSuffixList::~PublicSuffixList() = default;
PublicSuffixList::PublicSuffixList(PublicSuffixList&&) noexcept = default;
PublicSuffixList& PublicSuffixList::operator=(PublicSuffixList&&) noexcept = default;

PublicSuffixList PublicSuffixList::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the Public Suffix List " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw std::runtime_error("cannot read the Public Suffix List " + file.string());
  auto list = parse(text.str());
  if (list.rule_count() == 0) throw std::runtime_error("no rules in the Public Suffix List " + file.string());
  return list;
}

// One rule a line, read up to the first blank; "//" starts a comment line. The
// "===BEGIN ICANN DOMAINS===" and PRIVATE section markers are comments: both sections
// count, as RFC 7489 section 3.2 leaves the choice open and private suffixes (hosting
// platforms) are organizations of their own.
PublicSuffixList PublicSuffixList::parse(std::string_view text) {
  PublicSuffixList list;
  for (auto line : split(text, '\n')) {
    std::size_t blank = line.find_first_of(" \t\r");
    auto rule = line.substr(0, blank);
    if (rule.empty() || rule.rfind("//", 0) == 0) continue;
    list.rules_->add(rule);
  }
  return list;
}

std::size_t PublicSuffixList::rule_count() const {
  return rules_->exact.size() + rules_->wildcard.size() + rules_->exceptions.size();
}

std::string PublicSuffixList::organizational_domain(std::string_view domain) const {
  std::string name = normalize_domain(domain);
  if (name.empty() || name.front() == '.' || name.find("..") != std::string::npos) return name;
  std::size_t labels = rules_->public_suffix_labels(unicode_form(name)) + 1;
  return std::string(suffix_of(name, labels));
}

}  // namespace carteiro::mailauth::dmarc
