#pragma once
// Everything libs/mime offers: message parsing for IMAP, delivery and SEARCH.
#include "carteiro/mime/address_list.hpp"
#include "carteiro/mime/content_type.hpp"
#include "carteiro/mime/date.hpp"
#include "carteiro/mime/decode.hpp"
#include "carteiro/mime/envelope.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mime/imap_format.hpp"
#include "carteiro/mime/search_text.hpp"
#include "carteiro/mime/section.hpp"
#include "carteiro/mime/structure.hpp"
