#include "common/progress.h"

#include <atomic>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace xmatch {
namespace {

using std::chrono::milliseconds;

// A clock the test moves by hand; safe to read from several threads.
class FakeClock {
 public:
  void Set(milliseconds since_start) { now_ms_.store(since_start.count()); }
  ProgressReporter::Clock AsClock() {
    return [this] { return std::chrono::steady_clock::time_point(milliseconds(now_ms_.load())); };
  }

 private:
  std::atomic<long long> now_ms_{0};
};

class ProgressTest : public ::testing::Test {
 protected:
  ProgressReporter::Options Options(uint64_t total_work = 0, bool terminal = false) {
    ProgressReporter::Options o;
    o.label = "roll import";
    o.total_work = total_work;
    o.out = &out_;
    o.terminal = terminal;
    o.clock = clock_.AsClock();
    return o;
  }

  FakeClock clock_;
  std::ostringstream out_;
};

TEST_F(ProgressTest, WorkUnderASecondPrintsNothing) {
  ProgressReporter progress(Options(1000));
  for (int ms : {0, 300, 600, 999}) {
    clock_.Set(milliseconds(ms));
    progress.Add(100, 100);
  }
  progress.Finish();
  EXPECT_EQ(out_.str(), "");
}

TEST_F(ProgressTest, ReportsAfterOneSecondThenAtMostEveryHalfSecond) {
  ProgressReporter progress(Options());
  for (int ms : {500, 1000, 1200, 1499, 1500, 1700, 2100}) {
    clock_.Set(milliseconds(ms));
    progress.Add(1);
  }
  // Lines at 1000, 1500 and 2100 ms; none in between.
  EXPECT_EQ(out_.str(),
            "roll import: 2 rows, 2 rows/s\n"
            "roll import: 5 rows, 3 rows/s\n"
            "roll import: 7 rows, 3 rows/s\n");
}

TEST_F(ProgressTest, LineShowsItemsRateAndPercentOfKnownTotal) {
  ProgressReporter progress(Options(/*total_work=*/1000));
  clock_.Set(milliseconds(2000));
  progress.Add(3000, 250);
  EXPECT_EQ(out_.str(), "roll import: 3000 rows, 1500 rows/s, 25%\n");
}

TEST_F(ProgressTest, FinalLineAfterLongWork) {
  ProgressReporter progress(Options());
  clock_.Set(milliseconds(500));
  progress.Add(1000);
  clock_.Set(milliseconds(2500));
  progress.Finish();
  EXPECT_EQ(out_.str(), "roll import: done, 1000 rows in 2.5 s (400 rows/s)\n");
}

TEST_F(ProgressTest, FinishPrintsOnceAndStopsReports) {
  ProgressReporter progress(Options());
  clock_.Set(milliseconds(1000));
  progress.Finish();
  progress.Finish();
  clock_.Set(milliseconds(5000));
  progress.Add(1);
  EXPECT_EQ(out_.str(), "roll import: done, 0 rows in 1.0 s (0 rows/s)\n");
}

TEST_F(ProgressTest, TerminalRewritesOneLine) {
  {
    ProgressReporter progress(Options(/*total_work=*/10, /*terminal=*/true));
    clock_.Set(milliseconds(1000));
    progress.Add(10, 5);
    clock_.Set(milliseconds(1500));
    progress.Add(5, 5);
    EXPECT_EQ(out_.str(),
              "\rroll import: 10 rows, 10 rows/s, 50%\x1b[K"
              "\rroll import: 15 rows, 10 rows/s, 100%\x1b[K");
  }
  // Abandoned without Finish(): the line is ended so an error message starts afresh.
  EXPECT_EQ(out_.str().back(), '\n');
}

TEST_F(ProgressTest, AddFromManyThreadsCountsEverything) {
  ProgressReporter progress(Options());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) progress.Add(1);
    });
  }
  for (auto& thread : threads) thread.join();
  clock_.Set(milliseconds(4000));
  progress.Finish();
  EXPECT_EQ(out_.str(), "roll import: done, 40000 rows in 4.0 s (10000 rows/s)\n");
}

}  // namespace
}  // namespace xmatch
