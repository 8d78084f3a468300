// Placeholder until the Public Suffix List lands: every domain is its own organizational domain.
#include "carteiro/mailauth/dmarc.hpp"

namespace carteiro::mailauth::dmarc {

struct PublicSuffixList::Rules {};

PublicSuffixList::PublicSuffixList() : rules_(std::make_unique<Rules>()) {}
PublicSuffixList::~PublicSuffixList() = default;
PublicSuffixList::PublicSuffixList(PublicSuffixList&&) noexcept = default;
PublicSuffixList& PublicSuffixList::operator=(PublicSuffixList&&) noexcept = default;

PublicSuffixList PublicSuffixList::load(const std::filesystem::path&) { return {}; }
PublicSuffixList PublicSuffixList::parse(std::string_view) { return {}; }
std::string PublicSuffixList::organizational_domain(std::string_view domain) const { return std::string(domain); }

}  // namespace carteiro::mailauth::dmarc
