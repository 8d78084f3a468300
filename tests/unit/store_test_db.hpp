#pragma once
// The store unit tests' fixture: a migrated database in a temporary directory of its own,
// removed with the object.
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "carteiro/store/db.hpp"
#include "carteiro/store/migrations.hpp"

struct TestDb {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("carteiro-unit-" + std::to_string(std::random_device{}()));
  std::unique_ptr<carteiro::store::Db> db;
  TestDb() {
    std::filesystem::create_directories(dir);
    db = std::make_unique<carteiro::store::Db>(dir / "carteiro.db");
    carteiro::store::migrate(*db);
  }
  ~TestDb() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;
};
