#include "carteiro/store/store.hpp"

#include <algorithm>

#include "carteiro/common/log.hpp"
#include "carteiro/store/migrations.hpp"

namespace carteiro::store {

Store::Store(StoreOptions options) : options_(std::move(options)) {
  writer_db_ = std::make_unique<Db>(options_.file, OpenMode::read_write, options_.synchronous);
  migrate(*writer_db_);
  // Every connection is open before any thread starts, so a failure leaves none running.
  open_connections(light_reads_, options_.read_connections);
  open_connections(heavy_reads_, options_.heavy_read_connections);
  writer_ = std::thread([this] { writer_loop(); });
  for (ReadLane* lane : {&light_reads_, &heavy_reads_})
    for (auto& db : lane->dbs) lane->threads.emplace_back([this, lane, &db = *db] { reader_loop(*lane, db); });
}

void Store::open_connections(ReadLane& lane, unsigned count) {
  for (unsigned i = 0; i < std::max(1u, count); ++i)
    lane.dbs.push_back(std::make_unique<Db>(options_.file, OpenMode::read_write, options_.synchronous));
}

Store::~Store() { close(); }

void Store::close() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !writer_.joinable()) return;
    stopping_ = true;
  }
  light_reads_.ready.notify_all();
  heavy_reads_.ready.notify_all();
  write_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  for (ReadLane* lane : {&light_reads_, &heavy_reads_}) {
    for (auto& t : lane->threads)
      if (t.joinable()) t.join();
    lane->threads.clear();
  }
}

StoreStats Store::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Store::submit_read(ReadLane& lane, Job job) {
  {
    std::lock_guard lock(mutex_);
    lane.jobs.push_back(std::move(job));
  }
  lane.ready.notify_one();
}

void Store::submit_write(WriteJob job) {
  {
    std::lock_guard lock(mutex_);
    writes_.push_back(std::move(job));
  }
  write_cv_.notify_one();
}

void Store::reader_loop(ReadLane& lane, Db& db) {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      lane.ready.wait(lock, [&] { return stopping_ || !lane.jobs.empty(); });
      if (lane.jobs.empty()) return;  // stopping and drained
      job = std::move(lane.jobs.front());
      lane.jobs.pop_front();
    }
    job(db);  // the job catches its own exceptions
  }
}

void Store::writer_loop() {
  for (;;) {
    std::vector<WriteJob> batch;
    {
      std::unique_lock lock(mutex_);
      write_cv_.wait(lock, [&] { return stopping_ || !writes_.empty(); });
      if (writes_.empty()) return;
      std::size_t take = options_.group_commit ? std::min<std::size_t>(writes_.size(), options_.max_batch) : 1;
      for (std::size_t i = 0; i < take; ++i) {
        batch.push_back(std::move(writes_.front()));
        writes_.pop_front();
      }
    }
    run_batch(batch);
  }
}

void Store::run_batch(std::vector<WriteJob>& batch) {
  Db& db = *writer_db_;
  std::vector<std::exception_ptr> errors(batch.size());
  std::vector<std::int64_t> touched;
  bool committed = false;
  try {
    db.exec("BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      WriteTx tx{db, {}};
      db.exec("SAVEPOINT request");
      try {
        batch[i].run(tx);
        db.exec("RELEASE request");
        touched.insert(touched.end(), tx.touched.begin(), tx.touched.end());
      } catch (...) {
        errors[i] = std::current_exception();
        db.exec("ROLLBACK TO request");
        db.exec("RELEASE request");
      }
    }
    db.exec("COMMIT");
    committed = true;
  } catch (...) {
    auto error = std::current_exception();
    try {
      db.exec("ROLLBACK");
    } catch (...) {
    }
    for (auto& e : errors)
      if (!e) e = error;
    log::error("store: a write batch of {} requests failed and was rolled back", batch.size());
  }
  {
    std::lock_guard lock(mutex_);
    stats_.commits += committed ? 1 : 0;
    stats_.requests += batch.size();
  }
  // Announce before resuming the writers: a session that wrote into the mailbox it has
  // selected (APPEND, COPY, MOVE) must find its own change flagged when it resumes, so
  // that "* n EXISTS" precedes its tagged OK (RFC 3501 section 6.3.11). Resumed first,
  // it could reply before this thread got to the announcement.
  if (committed) {
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (auto topic : touched) events_.publish(topic);
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(errors[i]);
}

}  // namespace carteiro::store
