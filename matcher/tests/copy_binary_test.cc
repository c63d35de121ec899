#include "matcher/run/copy_binary.h"

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace xmatch::matcher {
namespace {

// Builds binary COPY messages as PostgreSQL sends them.
class Message {
 public:
  static Message First() {
    Message m;
    m.bytes_.append("PGCOPY\n\377\r\n\0", 11);
    m.Be32(0);  // flags
    m.Be32(0);  // header extension length
    return m;
  }
  Message& Fields(int16_t n) {
    Be16(static_cast<uint16_t>(n));
    return *this;
  }
  Message& Null() {
    Be32(0xffffffffu);
    return *this;
  }
  Message& Text(const std::string& s) {
    Be32(static_cast<uint32_t>(s.size()));
    bytes_ += s;
    return *this;
  }
  Message& Int8(int64_t v) {
    Be32(8);
    Be32(static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32));
    Be32(static_cast<uint32_t>(v));
    return *this;
  }
  Message& Int4(int32_t v) {
    Be32(4);
    Be32(static_cast<uint32_t>(v));
    return *this;
  }
  // numeric: weight of the first base-10000 digit, sign (0 or 0x4000), the digits.
  Message& Numeric(int16_t weight, uint16_t sign, std::initializer_list<uint16_t> digits) {
    Be32(static_cast<uint32_t>(8 + 2 * digits.size()));
    Be16(static_cast<uint16_t>(digits.size()));
    Be16(static_cast<uint16_t>(weight));
    Be16(sign);
    Be16(2);
    for (uint16_t d : digits) Be16(d);
    return *this;
  }
  std::string_view view() const { return bytes_; }

 private:
  void Be16(uint16_t v) {
    bytes_ += static_cast<char>(v >> 8);
    bytes_ += static_cast<char>(v & 0xff);
  }
  void Be32(uint32_t v) {
    Be16(static_cast<uint16_t>(v >> 16));
    Be16(static_cast<uint16_t>(v & 0xffff));
  }
  std::string bytes_;
};

TEST(BinaryCopyRow, ReadsTheFirstRowAfterTheHeader) {
  Message m = Message::First();
  m.Fields(5).Text("M1").Null().Int8(-5).Int4(7).Text("");
  BinaryCopyRow row;
  ASSERT_TRUE(row.Parse(m.view(), true).ok());
  ASSERT_FALSE(row.at_end());
  ASSERT_EQ(row.size(), 5u);
  EXPECT_EQ(row.Text(0), "M1");
  EXPECT_TRUE(row.IsNull(1));
  EXPECT_EQ(row.Int8(2), -5);
  EXPECT_EQ(row.Int4(3), 7);
  EXPECT_FALSE(row.IsNull(4)) << "an empty text is not NULL";
  EXPECT_EQ(row.Text(4), "");
}

TEST(BinaryCopyRow, DatesCountFromTwoThousand) {
  Message m;
  m.Fields(2).Int4(0).Int4(-1);
  BinaryCopyRow row;
  ASSERT_TRUE(row.Parse(m.view(), false).ok());
  // Int4 fields are 4 bytes, as dates are.
  EXPECT_EQ(row.DateAt(0), Date::FromValidYmd(2000, 1, 1));
  EXPECT_EQ(row.DateAt(1), Date::FromValidYmd(1999, 12, 31));
}

TEST(BinaryCopyRow, NumericsBecomeFen) {
  Message m;
  m.Fields(6)
      .Numeric(0, 0, {1000, 100})           // 1000.01
      .Numeric(0, 0, {650, 5000})           // 650.50
      .Numeric(0, 0x4000, {12, 3400})       // -12.34
      .Numeric(0, 0, {})                    // 0
      .Numeric(1, 0, {1234, 5678, 9000})    // 12345678.90
      .Numeric(-1, 0, {1});                 // 0.0001: more than two decimals
  BinaryCopyRow row;
  ASSERT_TRUE(row.Parse(m.view(), false).ok());
  EXPECT_EQ(row.MoneyAt(0)->fen(), 100001);
  EXPECT_EQ(row.MoneyAt(1)->fen(), 65050);
  EXPECT_EQ(row.MoneyAt(2)->fen(), -1234);
  EXPECT_EQ(row.MoneyAt(3)->fen(), 0);
  EXPECT_EQ(row.MoneyAt(4)->fen(), 1234567890);
  EXPECT_FALSE(row.MoneyAt(5).ok());
}

TEST(BinaryCopyRow, TheTrailerEndsTheCopy) {
  Message m;
  m.Fields(-1);
  BinaryCopyRow row;
  ASSERT_TRUE(row.Parse(m.view(), false).ok());
  EXPECT_TRUE(row.at_end());
}

TEST(BinaryCopyRow, MalformedMessagesAreErrorsNotCrashes) {
  BinaryCopyRow row;
  EXPECT_FALSE(row.Parse("not a copy", true).ok());
  Message truncated;
  truncated.Fields(2).Text("abc");
  EXPECT_FALSE(row.Parse(truncated.view(), false).ok());
  std::string cut(Message().Fields(1).Text("abcdef").view());
  cut.pop_back();
  EXPECT_FALSE(row.Parse(cut, false).ok());
}

TEST(BinaryCopyRow, ReadingAFieldAsTheWrongTypeIsABug) {
  Message m;
  m.Fields(1).Text("abc");
  BinaryCopyRow row;
  ASSERT_TRUE(row.Parse(m.view(), false).ok());
  EXPECT_THROW(row.Int8(0), std::logic_error);
}

}  // namespace
}  // namespace xmatch::matcher
