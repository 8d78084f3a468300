#include "carteiro/smtp/data_reader.hpp"

namespace carteiro::smtp {

void DataReader::fail(DataError error) {
  if (error_ == DataError::none || error == DataError::bare_newline) error_ = error;
  std::string().swap(message_);  // free what was kept: nothing of this message is stored
}

bool DataReader::feed(const net::Line& line) {
  if (error_ == DataError::bare_newline) return false;  // the session stops reading at once
  if (!line.crlf || line.bare_cr) {
    fail(DataError::bare_newline);
    return false;
  }
  if (line.too_long) {
    fail(DataError::line_too_long);
    return false;
  }
  // Every earlier line ended in CRLF (or reading stopped), so a lone "." here is
  // exactly CRLF "." CRLF.
  if (line.text == ".") return true;
  // Section 4.5.2: a leading dot was doubled by the client; take one away.
  std::string_view text = line.text;
  if (!text.empty() && text.front() == '.') text.remove_prefix(1);
  size_ += text.size() + 2;
  if (error_ != DataError::none) return false;
  if (size_ > max_size_) {
    fail(DataError::too_big);
    return false;
  }
  message_.append(text);
  message_.append("\r\n");
  return false;
}

}  // namespace carteiro::smtp
