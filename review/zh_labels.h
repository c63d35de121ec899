// The Chinese words the ledger and the reports print for codes stored in English in the
// database (rules, programs, statuses, department sources). One table each; a code not
// in a table is printed as it is.
#pragma once

#include <string>
#include <string_view>

namespace xmatch::review {

std::string RuleLabel(std::string_view rule);        // deceased → 死亡人员仍领取救助金
std::string ProgramLabel(std::string_view program);  // dibao_urban → 城市低保
std::string StatusLabel(std::string_view status);    // verifying → 核查中
std::string SourceLabel(std::string_view source);    // public_security → 公安
std::string DismissReasonLabel(std::string_view reason);  // already_stopped → 已停发

}  // namespace xmatch::review
