#include "spare_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace carteiro::net {

SpareDescriptor::SpareDescriptor() { hold(); }

SpareDescriptor::~SpareDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

bool SpareDescriptor::hold() {
  if (fd_ < 0) fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  return fd_ >= 0;
}

bool SpareDescriptor::release() {
  if (fd_ < 0) return false;
  ::close(fd_);
  fd_ = -1;
  return true;
}

}  // namespace carteiro::net
