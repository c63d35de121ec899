#include "rolls/csv_reader.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xmatch::rolls {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Parsed {
  std::vector<int64_t> lines;
  std::vector<std::vector<std::string>> records;
  Status status;
};

Parsed ReadAll(CsvReader& reader) {
  Parsed out;
  CsvRecord record;
  while (reader.Next(&record)) {
    out.lines.push_back(record.line);
    out.records.emplace_back(record.fields.begin(), record.fields.end());
  }
  out.status = reader.status();
  return out;
}

Parsed ReadString(std::string_view text) { return ReadAll(*CsvReader::FromString(text)); }

using Row = std::vector<std::string>;

TEST(CsvReader, SplitsFieldsAndRecords) {
  const Parsed p = ReadString("a,b,c\n1,2,3\n");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_THAT(p.records, ElementsAre(Row{"a", "b", "c"}, Row{"1", "2", "3"}));
  EXPECT_THAT(p.lines, ElementsAre(1, 2));
}

TEST(CsvReader, QuotedFieldsMayHoldCommasAndDoubledQuotes) {
  const Parsed p = ReadString("\"a,b\",\"say \"\"hi\"\"\",\"\"\n");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_THAT(p.records, ElementsAre(Row{"a,b", "say \"hi\"", ""}));
}

TEST(CsvReader, QuotedFieldsMayHoldLineBreaksAndLinesKeepCounting) {
  const Parsed p = ReadString("h1,h2\n\"two\nlines\",x\nnext,y\n");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_THAT(p.records, ElementsAre(Row{"h1", "h2"}, Row{"two\nlines", "x"}, Row{"next", "y"}));
  EXPECT_THAT(p.lines, ElementsAre(1, 2, 4));
}

TEST(CsvReader, AcceptsCrLfAndLoneCrLineEnds) {
  const Parsed p = ReadString("a,b\r\nc,d\re,f");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_THAT(p.records, ElementsAre(Row{"a", "b"}, Row{"c", "d"}, Row{"e", "f"}));
  EXPECT_THAT(p.lines, ElementsAre(1, 2, 3));
}

TEST(CsvReader, SkipsByteOrderMark) {
  const Parsed p = ReadString("\xEF\xBB\xBFmember_id,name\n");
  ASSERT_TRUE(p.status.ok());
  EXPECT_THAT(p.records, ElementsAre(Row{"member_id", "name"}));
}

TEST(CsvReader, KeepsEmptyFields) {
  const Parsed p = ReadString(",a,,\n");
  ASSERT_TRUE(p.status.ok());
  EXPECT_THAT(p.records, ElementsAre(Row{"", "a", "", ""}));
}

TEST(CsvReader, SkipsEmptyLinesButCountsThem) {
  const Parsed p = ReadString("a\n\n\r\nb\n\n");
  ASSERT_TRUE(p.status.ok());
  EXPECT_THAT(p.records, ElementsAre(Row{"a"}, Row{"b"}));
  EXPECT_THAT(p.lines, ElementsAre(1, 4));
}

TEST(CsvReader, ReadsChineseText) {
  const Parsed p = ReadString("name,note\n张三,\"李四，王五\"\n");
  ASSERT_TRUE(p.status.ok());
  EXPECT_THAT(p.records, ElementsAre(Row{"name", "note"}, Row{"张三", "李四，王五"}));
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineWhereItOpened) {
  const Parsed p = ReadString("a,b\nc,d\ne,\"never closed\nf,g\n");
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(p.status.message(), HasSubstr("line 3:"));
  EXPECT_THAT(p.status.message(), HasSubstr("never closed"));
  EXPECT_EQ(p.records.size(), 2u);
}

TEST(CsvReader, RejectsQuoteInsideUnquotedField) {
  const Parsed p = ReadString("a,b\nc,d\"e\n");
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(p.status.message(), HasSubstr("line 2:"));
}

TEST(CsvReader, RejectsTextAfterClosingQuote) {
  const Parsed p = ReadString("\"ab\"c,d\n");
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(p.status.message(), HasSubstr("line 1:"));
}

TEST(CsvReader, RejectsGbkTextWithItsLine) {
  // 张三 in GBK.
  const Parsed p = ReadString("name\nok\n\xD5\xC5\xC8\xFD\n");
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(p.status.message(), HasSubstr("line 3:"));
  EXPECT_THAT(p.status.message(), HasSubstr("UTF-8"));
}

TEST(CsvReader, LastRecordNeedsNoLineEnd) {
  const Parsed p = ReadString("a,b\nc,");
  ASSERT_TRUE(p.status.ok());
  EXPECT_THAT(p.records, ElementsAre(Row{"a", "b"}, Row{"c", ""}));
}

TEST(CsvReader, OpenNamesAMissingFile) {
  const Result<std::unique_ptr<CsvReader>> r = CsvReader::Open("/nonexistent/roll.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIoError);
  EXPECT_THAT(r.status().message(), HasSubstr("/nonexistent/roll.csv"));
}

// Records cross the reader's 4 MiB blocks: a file much larger than a block, with quoted
// multi-line fields, Chinese text and CRLF, reads back exactly.
TEST(CsvReader, StreamsFilesLargerThanItsBuffer) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("csv_reader_test_" + std::to_string(getpid()));
  constexpr int kRows = 300000;
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBFid,name,note\r\n";
    for (int i = 0; i < kRows; ++i) {
      out << i << ",张" << i << ",\"line one\r\n\"\"two\"\", " << i << "\"\r\n";
    }
  }
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::Open(path.string());
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  ASSERT_TRUE((*reader)->Next(&record));
  int i = 0;
  while ((*reader)->Next(&record)) {
    ASSERT_EQ(record.fields.size(), 3u);
    ASSERT_EQ(record.fields[0], std::to_string(i));
    ASSERT_EQ(record.fields[1], "张" + std::to_string(i));
    ASSERT_EQ(record.fields[2], "line one\r\n\"two\", " + std::to_string(i));
    ASSERT_EQ(record.line, 2 + 2 * i);
    ++i;
  }
  EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status().ToString();
  EXPECT_EQ(i, kRows);
  EXPECT_EQ((*reader)->bytes_consumed(), (*reader)->size());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace xmatch::rolls
