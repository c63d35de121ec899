// RecordStore against a real PostgreSQL: the compare-and-set on consumer_offsets that
// keeps a consumer which lost its partition in a rebalance from writing, and landing a
// record id twice.
#include "connectors/record_store.h"

#include <string>
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

}  // namespace
}  // namespace xmatch::connectors
