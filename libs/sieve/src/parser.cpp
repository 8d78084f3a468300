// RFC 5228 section 8.2, one function per grammar rule. The first error stops the parse.
#include "parser.hpp"

#include <fmt/format.h>

namespace carteiro::sieve {

namespace {

using Kind = Token::Kind;

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, std::size_t max_nesting)
      : tokens_(tokens), max_nesting_(max_nesting) {}

  ParseResult run() {
    ParseResult result;
    result.commands = commands(nullptr);
    if (!error_ && peek().kind != Kind::end) fail(peek(), "expected command");
    if (error_) {
      result.commands.clear();
      result.error = std::move(error_);
    }
    return result;
  }

 private:
  const Token& peek() const { return tokens_[std::min(pos_, tokens_.size() - 1)]; }
  const Token& next() {
    const Token& token = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return token;
  }
  bool accept(Kind kind) {
    if (peek().kind != kind) return false;
    next();
    return true;
  }
  void fail(const Token& at, std::string message) {
    if (!error_) error_ = CompileError{at.position.line, at.position.column, std::move(message)};
  }
  void fail_found(const Token& at, std::string_view expected) {
    fail(at, fmt::format("{}, found {}", expected, describe(at)));
  }

  // Enters one level of blocks or nested tests; false (and an error) past the limit.
  bool enter(const Token& at) {
    if (depth_ >= max_nesting_) {
      fail(at, fmt::format("nesting deeper than the limit of {} levels", max_nesting_));
      return false;
    }
    ++depth_;
    return true;
  }

  // A command or test, named by the identifier token it starts with.
  template <typename Node>
  Node named() {
    Node node;
    const Token& name = next();
    node.identifier = name.text;
    node.position = name.position;
    return node;
  }

  // commands = *command; inside a block (OPENING set) they end at "}".
  std::vector<Command> commands(const Token* opening) {
    std::vector<Command> list;
    while (!error_) {
      const Token& token = peek();
      if (token.kind == Kind::end) {
        if (opening != nullptr)
          fail(token, fmt::format("unexpected end of script inside block (opened at line {})",
                                  opening->position.line));
        break;
      }
      if (token.kind == Kind::right_brace) {
        if (opening == nullptr) fail(token, "unexpected '}' (no block to close)");
        break;
      }
      if (token.kind != Kind::identifier) {
        fail_found(token, "expected command");
        break;
      }
      list.push_back(command());
    }
    return list;
  }

  // command = identifier arguments (";" / block); block = "{" commands "}"
  Command command() {
    auto command = named<Command>();
    std::vector<Test> tests;
    bool test_list = arguments(command.arguments, tests, false);
    if (error_) return command;
    if (test_list) {
      fail(tokens_[list_start_], "a command takes a single test, not a test list");
      return command;
    }
    if (!tests.empty()) command.test = std::move(tests.front());
    const Token& end = peek();
    if (accept(Kind::semicolon)) return command;
    if (end.kind == Kind::left_brace) {
      if (!enter(end)) return command;
      next();
      command.has_block = true;
      command.block = commands(&end);
      --depth_;
      if (!error_) next();  // the "}"
      return command;
    }
    fail_found(end, command.test ? "expected '{' or ';' after test" : "expected ';' after command");
    return command;
  }

  // arguments = *argument [ test / test-list ]; argument = string-list / number / tag.
  // Returns whether the tests came as a test-list. NESTED: the tests are inside a test
  // (a level of nesting), not a command's own.
  bool arguments(std::vector<Argument>& arguments, std::vector<Test>& tests, bool nested) {
    while (!error_) {
      const Token& token = peek();
      Argument argument;
      argument.position = token.position;
      if (token.kind == Kind::string || token.kind == Kind::left_bracket) {
        argument.kind = token.kind == Kind::string ? Argument::Kind::string
                                                   : Argument::Kind::string_list;
        argument.strings = string_list();
      } else if (token.kind == Kind::number) {
        argument.kind = Argument::Kind::number;
        argument.number = next().number;
      } else if (token.kind == Kind::tag) {
        argument.kind = Argument::Kind::tag;
        argument.tag = next().text;
      } else {
        break;
      }
      arguments.push_back(std::move(argument));
    }
    if (error_) return false;
    const Token& token = peek();
    if (token.kind != Kind::identifier && token.kind != Kind::left_paren) return false;
    if (nested && !enter(token)) return false;
    bool list = token.kind == Kind::left_paren;
    std::size_t start = pos_;
    if (list) tests = test_list();
    else tests.push_back(test());
    if (nested) --depth_;
    list_start_ = start;  // after the nested lists, which set it too
    return list;
  }

  // string-list = "[" string *("," string) "]" / string
  StringList string_list() {
    StringList list;
    if (peek().kind == Kind::string) {
      list.push_back(String{next().text, false});
      return list;
    }
    next();  // "["
    while (!error_) {
      if (peek().kind != Kind::string) {
        fail_found(peek(), "expected string in string list");
        break;
      }
      list.push_back(String{next().text, false});
      if (accept(Kind::right_bracket)) break;
      if (!accept(Kind::comma)) fail_found(peek(), "expected ',' or ']' in string list");
    }
    return list;
  }

  // test-list = "(" test *("," test) ")"
  std::vector<Test> test_list() {
    std::vector<Test> list;
    next();  // "("
    while (!error_) {
      if (peek().kind != Kind::identifier) {
        fail_found(peek(), "expected test");
        break;
      }
      list.push_back(test());
      if (error_ || accept(Kind::right_paren)) break;
      if (!accept(Kind::comma)) fail_found(peek(), "expected ',' or ')' in test list");
    }
    return list;
  }

  // test = identifier arguments
  Test test() {
    auto test = named<Test>();
    test.test_list = arguments(test.arguments, test.tests, true);
    return test;
  }

  const std::vector<Token>& tokens_;
  std::size_t max_nesting_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::size_t list_start_ = 0;  // where the last test-list began
  std::optional<CompileError> error_;
};

}  // namespace

ParseResult parse(const std::vector<Token>& tokens, std::size_t max_nesting) {
  if (tokens.empty()) return ParseResult{{}, CompileError{1, 1, "empty token stream"}};
  return Parser(tokens, max_nesting).run();
}

}  // namespace carteiro::sieve
