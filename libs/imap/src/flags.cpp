#include "carteiro/imap/flags.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "carteiro/store/messages.hpp"

namespace carteiro::imap {

namespace {
struct SystemFlag {
  std::string_view name;
  std::uint32_t bit;
};
constexpr SystemFlag kSystemFlags[] = {
    {"\\Answered", store::kAnswered}, {"\\Flagged", store::kFlagged}, {"\\Deleted", store::kDeleted},
    {"\\Seen", store::kSeen},         {"\\Draft", store::kDraft},
};

bool contains_keyword(const std::vector<std::string>& list, std::string_view keyword) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& k) { return iequals(k, keyword); });
}
}  // namespace

FlagParse parse_flags(const std::vector<std::string>& written) {
  FlagParse out;
  for (const auto& f : written) {
    if (f.empty() || f.front() != '\\') {
      if (!contains_keyword(out.flags.keywords, f)) out.flags.keywords.push_back(f);
      continue;
    }
    auto it = std::find_if(std::begin(kSystemFlags), std::end(kSystemFlags),
                           [&](const SystemFlag& s) { return iequals(s.name, f); });
    if (it != std::end(kSystemFlags)) {
      out.flags.system |= it->bit;
    } else if (iequals(f, "\\Recent")) {
      out.error = "\\Recent is set by the server and cannot be stored";
    } else {
      out.error = fmt::format("unknown system flag {}", f);
    }
  }
  return out;
}

std::vector<std::string> split_keywords(std::string_view stored) {
  std::vector<std::string> out;
  for (auto part : split(stored, ' '))
    if (!part.empty()) out.emplace_back(part);
  return out;
}

std::string join_keywords(const std::vector<std::string>& keywords) {
  std::string out;
  for (const auto& k : keywords) out += (out.empty() ? "" : " ") + k;
  return out;
}

std::vector<std::string> add_keywords(std::vector<std::string> to, const std::vector<std::string>& more) {
  for (const auto& k : more)
    if (!contains_keyword(to, k)) to.push_back(k);
  return to;
}

std::vector<std::string> remove_keywords(std::vector<std::string> from, const std::vector<std::string>& less) {
  std::erase_if(from, [&](const std::string& k) { return contains_keyword(less, k); });
  return from;
}

std::string flag_list(std::uint32_t system, std::string_view stored_keywords, bool recent) {
  std::string out = "(";
  auto add = [&out](std::string_view name) {
    if (out.size() > 1) out += ' ';
    out += name;
  };
  for (const auto& s : kSystemFlags)
    if (system & s.bit) add(s.name);
  if (recent) add("\\Recent");
  for (auto k : split(stored_keywords, ' '))
    if (!k.empty()) add(k);
  out += ')';
  return out;
}

std::string defined_flags(const std::vector<std::string>& keywords) {
  std::string out = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  for (const auto& k : keywords) out += " " + k;
  return out + ")";
}

std::string permanent_flags(const std::vector<std::string>& keywords) {
  std::string out = defined_flags(keywords);
  out.insert(out.size() - 1, " \\*");  // RFC 3501 section 7.1: new keywords may be created
  return out;
}

}  // namespace carteiro::imap
