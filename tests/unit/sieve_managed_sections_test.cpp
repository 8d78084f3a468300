// The forward and vacation sections the server writes into a Sieve script
// (libs/sieve/src/managed_sections.cpp): generated text, and edits that touch only them.
#include <doctest/doctest.h>

#include "carteiro/sieve/compile.hpp"
#include "carteiro/sieve/managed_sections.hpp"

using namespace carteiro::sieve;

TEST_CASE("managed sections: quoted and multi-line strings (RFC 5228 section 2.4.2)") {
  CHECK(quoted_string("plain") == "\"plain\"");
  CHECK(quoted_string("say \"hi\" \\o/") == "\"say \\\"hi\\\" \\\\o/\"");
  CHECK(quoted_string("") == "\"\"");
  CHECK(multiline_string("one\ntwo") == "text:\r\none\r\ntwo\r\n.\r\n");
  CHECK(multiline_string(".start\r\n..two\r\n.\r\n") == "text:\r\n..start\r\n...two\r\n..\r\n.\r\n");
  CHECK(multiline_string("") == "text:\r\n.\r\n");
}

TEST_CASE("managed sections: forward with and without a copy kept") {
  auto keep = forward_section("bob@elsewhere.example", true);
  CHECK(keep.name == "forward");
  CHECK(keep.extensions == std::vector<std::string>{"copy"});
  CHECK(keep.commands == "redirect :copy \"bob@elsewhere.example\";\r\n");
  auto move = forward_section("bob@elsewhere.example", false);
  CHECK(move.extensions.empty());
  CHECK(move.commands == "redirect \"bob@elsewhere.example\";\r\n");
  CHECK_THROWS_AS(forward_section("a@b\r\nkeep;", false), ManagedSectionError);
  CHECK_THROWS_AS(forward_section("", false), ManagedSectionError);
}

TEST_CASE("managed sections: vacation, with an end date") {
  VacationSettings v{"Out of \"office\"", "Back on Monday.\n.\nBob", 3, ""};
  auto plain = vacation_section(v);
  CHECK(plain.extensions == std::vector<std::string>{"vacation"});
  CHECK(plain.commands ==
        "vacation :days 3 :subject \"Out of \\\"office\\\"\" text:\r\nBack on Monday.\r\n..\r\nBob\r\n.\r\n;\r\n");
  v.until = "2026-12-31";
  auto until = vacation_section(v);
  CHECK(until.extensions == std::vector<std::string>{"date", "relational", "vacation"});
  CHECK(until.commands.rfind("if currentdate :value \"le\" \"date\" \"2026-12-31\" {\r\nvacation :days 3", 0) == 0);
  CHECK(until.commands.substr(until.commands.size() - 9) == ".\r\n;\r\n}\r\n");
}

TEST_CASE("managed sections: vacation settings that cannot be written are refused") {
  CHECK_THROWS_AS(vacation_section({"two\nlines", "b", 7, ""}), ManagedSectionError);
  CHECK_THROWS_AS(vacation_section({"s", "b", 0, ""}), ManagedSectionError);
  CHECK_THROWS_AS(vacation_section({"s", std::string("nul\0", 4), 7, ""}), ManagedSectionError);
  CHECK_THROWS_AS(vacation_section({"s", "x\n# END carteiro vacation\ny", 7, ""}), ManagedSectionError);
  for (auto bad : {"2026-13-01", "2026-02-30", "2025-02-29", "26-01-01", "2026/01/01", "2026-1-1", "tomorrow", "2026-00-10"})
    CHECK_THROWS_AS(vacation_section({"s", "b", 7, bad}), ManagedSectionError);
  CHECK_NOTHROW(vacation_section({"s", "b", 7, "2028-02-29"}));
}

TEST_CASE("managed sections: an empty script gets the require section, then the rule") {
  auto script = set_section("", forward_section("x@y.example", true));
  CHECK(script ==
        "# BEGIN carteiro require\r\n"
        "require [\"copy\"]; # forward\r\n"
        "# END carteiro require\r\n"
        "# BEGIN carteiro forward\r\n"
        "redirect :copy \"x@y.example\";\r\n"
        "# END carteiro forward\r\n");
  CHECK(section_commands(script, "forward") == "redirect :copy \"x@y.example\";\r\n");
  CHECK_FALSE(section_commands(script, "vacation"));
  CHECK(remove_section(script, "forward") == "");
}

TEST_CASE("managed sections: the rules go after the script's own requires, before its rules, and leave them be") {
  std::string user =
      "# my rules\r\n"
      "require [\"fileinto\", \"x;y\"]; # filing\r\n"
      "/* more */ require \"envelope\";\r\n"
      "if header :contains \"subject\" \"x\" {\r\n  fileinto \"X\";\r\n  stop;\r\n}\r\n";
  auto with_forward = set_section(user, forward_section("x@y.example", false));
  CHECK(with_forward ==
        "# my rules\r\n"
        "require [\"fileinto\", \"x;y\"]; # filing\r\n"
        "/* more */ require \"envelope\";\r\n"
        "# BEGIN carteiro forward\r\n"
        "redirect \"x@y.example\";\r\n"
        "# END carteiro forward\r\n"
        "if header :contains \"subject\" \"x\" {\r\n  fileinto \"X\";\r\n  stop;\r\n}\r\n");
  auto both = set_section(with_forward, vacation_section({"Away", "Gone", 7, "2026-12-31"}));
  CHECK(both.rfind("# BEGIN carteiro require\r\nrequire [\"date\", \"relational\", \"vacation\"]; # vacation\r\n"
                   "# END carteiro require\r\n# my rules\r\n",
                   0) == 0);
  auto forward_at = both.find("# BEGIN carteiro forward"), vacation_at = both.find("# BEGIN carteiro vacation");
  auto rules_at = both.find("if header");
  CHECK(forward_at < vacation_at);
  CHECK(vacation_at < rules_at);
  // Replacing one rule changes only its lines and its require line.
  auto kept = set_section(both, forward_section("z@y.example", true));
  CHECK(kept.find("require [\"copy\"]; # forward\r\n") != std::string::npos);
  CHECK(kept.find("redirect :copy \"z@y.example\";") != std::string::npos);
  CHECK(kept.find("x@y.example") == std::string::npos);
  CHECK(section_commands(kept, "vacation") == section_commands(both, "vacation"));
  // Removing both gives the user's script back byte for byte.
  CHECK(remove_section(remove_section(kept, "vacation"), "forward") == user);
  CHECK(remove_section(remove_section(kept, "forward"), "vacation") == user);
  CHECK(remove_section(user, "forward") == user);
}

TEST_CASE("managed sections: scripts with odd line ends or no final line end") {
  auto lf = set_section("require \"fileinto\";\nkeep;\n", forward_section("a@b.example", false));
  CHECK(lf == "require \"fileinto\";\n# BEGIN carteiro forward\r\nredirect \"a@b.example\";\r\n"
              "# END carteiro forward\r\nkeep;\n");
  auto same_line = set_section("require \"fileinto\"; keep;", forward_section("a@b.example", false));
  CHECK(same_line == "require \"fileinto\";\r\n# BEGIN carteiro forward\r\nredirect \"a@b.example\";\r\n"
                     "# END carteiro forward\r\n keep;");
  auto no_end = set_section("keep;", forward_section("a@b.example", false));
  CHECK(no_end == "# BEGIN carteiro forward\r\nredirect \"a@b.example\";\r\n# END carteiro forward\r\nkeep;");
  CHECK(remove_section(no_end, "forward") == "keep;");
}

TEST_CASE("managed sections: markers that do not pair up are reported, not guessed at") {
  CHECK_THROWS_AS(set_section("# BEGIN carteiro forward\r\nkeep;\r\n", forward_section("a@b.example", false)),
                  ManagedSectionError);
  CHECK_THROWS_AS(remove_section("keep;\r\n# END carteiro vacation\r\n", "vacation"), ManagedSectionError);
  CHECK_THROWS_AS(section_commands("# BEGIN carteiro forward\r\n# BEGIN carteiro forward\r\n# END carteiro forward\r\n",
                                   "forward"),
                  ManagedSectionError);
  // Another section's markers do not matter to this one.
  CHECK(remove_section("# BEGIN carteiro other\r\nkeep;\r\n", "forward") == "# BEGIN carteiro other\r\nkeep;\r\n");
}

TEST_CASE("managed sections: binary and unterminated input does not break the edit") {
  std::string binary("\xff\xfe\0require \"x", 13);
  auto edited = set_section(binary, forward_section("a@b.example", false));
  CHECK(remove_section(edited, "forward") == binary);
  // A rule after a require that shares its line with more starts a line of its own, which stays.
  std::string open_comment = "require \"a\"; /* never closed";
  auto with_rule = set_section(open_comment, forward_section("a@b.example", false));
  CHECK(section_commands(with_rule, "forward") == "redirect \"a@b.example\";\r\n");
  CHECK(remove_section(with_rule, "forward") == "require \"a\";\r\n /* never closed");
}

TEST_CASE("managed sections: every generated script compiles, alone and inside a user's script") {
  std::string user = "require [\"fileinto\"];\r\nif header :contains \"subject\" \"x\" {\r\n  fileinto \"X\";\r\n  stop;\r\n}\r\n";
  std::vector<ManagedSection> sections = {
      forward_section("a@b.example", true), forward_section("a.b+c@b.example", false),
      vacation_section({"Away \"now\" \\o/", "Back soon.\n.\n..dots\n", 1, ""}),
      vacation_section({"", "", 30, "2026-12-31"})};
  for (const auto& base : {std::string(), user}) {
    for (const auto& first : sections) {
      for (const auto& second : sections) {
        auto script = set_section(set_section(base, first), second);
        CAPTURE(script);
        auto compiled = compile(script);
        CHECK_MESSAGE(compiled, (compiled.error ? compiled.error->text() : ""));
        auto without = remove_section(script, second.name);
        CHECK(compile(without));
      }
    }
  }
}
