// RecordStore against a real PostgreSQL: the compare-and-set on consumer_offsets that
// keeps a consumer which lost its partition in a rebalance from writing, and landing a
// record id twice, and text that COPY must escape.
#include "connectors/record_store.h"

#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "connectors/tests/generated_records.h"
#include "connectors/tests/test_records.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::connectors {
namespace {

using testing::GeneratedRecord;
using testing::GeneratedTopic;

constexpr char kGroup[] = "xmatch-connectors";

class RecordStoreTest : public xmatch::testing::PgTest {
 protected:
  // Records `first` .. `first + count - 1` of generated_records.h at offsets equal to
  // their numbers, all on partition 0 of record `first`'s topic (every 4th record).
  LandingBatch Batch(int64_t first, int64_t count) {
    LandingBatch batch;
    for (int64_t i = first; i < first + 4 * count; i += 4) {
      batch.Add(parser_.Parse(GeneratedRecord(i), {"", testing::ReceivedOn()}),
                Origin::Kafka(GeneratedTopic(first), 0, i));
    }
    return batch;
  }
  OffsetAdvance Advance(std::optional<int64_t> expected, int64_t next) const {
    return {{GeneratedTopic(0), 0}, expected, next};
  }
  int64_t StoredNext() {
    pqxx::read_transaction tx(conn());
    return tx.exec1("SELECT next_offset FROM consumer_offsets WHERE topic = '" +
                    GeneratedTopic(0) + "' AND partition = 0")[0]
        .as<int64_t>();
  }

  TokenKeyring keyring_ = testing::TestKeyring();
  AgreementRegistry agreements_ = testing::TestAgreements();
  RecordParser parser_{keyring_, agreements_};
};

TEST_F(RecordStoreTest, AStaleOwnerCannotWriteAndItsBatchLeavesNoTrace) {
  RecordStore owner(dsn());
  Result<LandReport> first = owner.Land(Batch(0, 3), kGroup, {Advance(std::nullopt, 9)});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->by_source["public_security"].landed, 3);
  EXPECT_EQ(StoredNext(), 9);

  // A member that owned the partition before the rebalance still believes nothing, or
  // an older offset, is stored: refused, with nothing of its batch written.
  RecordStore stale(dsn());
  for (std::optional<int64_t> believed : {std::optional<int64_t>(), std::optional<int64_t>(4)}) {
    Result<LandReport> refused = stale.Land(Batch(12, 2), kGroup, {Advance(believed, 17)});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), Status::Code::kFailedPrecondition)
        << refused.status().ToString();
    EXPECT_EQ(Count("dept_records"), 3);
    EXPECT_EQ(StoredNext(), 9);
  }

  // The owner goes on from where it stored.
  Result<LandReport> next = owner.Land(Batch(12, 2), kGroup, {Advance(9, 17)});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(Count("dept_records"), 5);
  EXPECT_EQ(StoredNext(), 17);
  Result<std::map<TopicPartition, int64_t>> offsets = owner.LoadOffsets(kGroup);
  ASSERT_TRUE(offsets.ok());
  EXPECT_EQ(offsets->at({GeneratedTopic(0), 0}), 17);
}

TEST_F(RecordStoreTest, ARecordIdLandedAgainChangesNothing) {
  RecordStore store(dsn());
  ASSERT_TRUE(store.Land(Batch(0, 2), kGroup, {Advance(std::nullopt, 5)}).ok());
  // The same records resent at later offsets (a department resending them).
  LandingBatch again;
  for (int64_t i : {0, 4}) {
    again.Add(parser_.Parse(GeneratedRecord(i), {"", testing::ReceivedOn()}),
              Origin::Kafka(GeneratedTopic(0), 0, 5 + i));
  }
  Result<LandReport> report = store.Land(again, kGroup, {Advance(5, 10)});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->by_source["public_security"].landed, 0);
  EXPECT_EQ(Count("dept_records"), 2);
  EXPECT_EQ(StoredNext(), 10);
  pqxx::read_transaction tx(conn());
  // The first landing's origin is kept.
  EXPECT_EQ(tx.exec1("SELECT max(origin_offset) FROM dept_records")[0].as<int64_t>(), 4);
}


// Text goes into COPY with backslashes, tabs and line breaks escaped and UTF-8 as is, on
// the fast path and through the staging table alike; rejects too.
TEST_F(RecordStoreTest, TextWithTabsBackslashesLineBreaksAndChineseLandsAsSent) {
  auto Record = [&](int64_t i, const std::string& record_id) {
    ParseOutcome outcome = parser_.Parse(GeneratedRecord(i), {"", testing::ReceivedOn()});
    DepartmentRecord& r = std::get<DepartmentRecord>(outcome);
    r.record_id = record_id;
    r.fields_json = R"({"death_date":"2026-01-14","note":"a\tb\\c\n民政 局"})";
    return outcome;
  };
  const std::string id = "r\t1\\ 中\n";  // a tab, a backslash, a line break
  RecordStore store(dsn());
  LandingBatch first;
  first.Add(Record(0, id), Origin::File("feeds/公安 2026.jsonl", 1));
  first.Add(Reject{RejectReason::kBadJson, "line 2: not JSON", "{\"x\":\t\\ 中\n", "", ""},
            Origin::File("feeds/公安 2026.jsonl", 2));
  Result<LandReport> landed = store.Land(first, kGroup, {});
  ASSERT_TRUE(landed.ok()) << landed.status().ToString();
  // Again with a new record beside it: the staging path.
  LandingBatch again;
  again.Add(Record(0, id), Origin::File("feeds/公安 2026.jsonl", 1));
  again.Add(Record(4, id + "2"), Origin::File("feeds/公安 2026.jsonl", 3));
  Result<LandReport> staged = store.Land(again, kGroup, {});
  ASSERT_TRUE(staged.ok()) << staged.status().ToString();
  EXPECT_EQ(staged->by_source["public_security"].landed, 1);

  pqxx::read_transaction tx(conn());
  for (const std::string& expected : {id, id + "2"}) {
    pqxx::row r = tx.exec_params1(
        "SELECT fields->>'note', origin_file, origin_topic IS NULL FROM dept_records "
        "WHERE record_id = $1",
        expected);
    EXPECT_EQ(r[0].as<std::string>(), "a\tb\\c\n民政 局");
    EXPECT_EQ(r[1].as<std::string>(), "feeds/公安 2026.jsonl");
    EXPECT_TRUE(r[2].as<bool>());
  }
  EXPECT_EQ(tx.exec1("SELECT payload FROM rejects")[0].as<std::string>(), "{\"x\":\t\\ 中\n");
}

}  // namespace
}  // namespace xmatch::connectors
