#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "carteiro/common/data_dir.hpp"
#include "carteiro/store/migrations.hpp"
#include "commands.hpp"

namespace carteiro::cli {

void Context::transact(const std::function<void(store::Db&)>& fn) {
  try {
    secure_data_dir(config.data_dir);
    store::Db db(config.database_path(), store::OpenMode::read_write, config.store.synchronous);
    store::migrate(db);
    store::Transaction tx(db);
    fn(db);
    tx.commit();
  } catch (const store::UserError& e) {
    std::fprintf(stderr, "carteiro: %s\n", e.what());
    status = 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "carteiro: error: %s\n", e.what());
    status = 1;
  }
}

namespace {
std::string read_line_noecho() {
  termios old{};
  bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputs("\n", stderr);
  }
  return line;
}
}  // namespace

std::string read_password(bool from_stdin, const std::string& prompt) {
  std::string password;
  if (from_stdin || !isatty(STDIN_FILENO)) {
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  } else {
    std::fputs(prompt.c_str(), stderr);
    password = read_line_noecho();
    std::fputs("Again: ", stderr);
    if (read_line_noecho() != password) throw store::UserError("the passwords do not match");
  }
  if (password.empty()) throw store::UserError("the password must not be empty");
  return password;
}

}  // namespace carteiro::cli
