# Writes a C++ source holding every schemas/sql/NNNN_name.sql file, in version order.
# Invoked at build time by store/CMakeLists.txt with -DOUT=... -DSQL_DIR=...
file(GLOB files ${SQL_DIR}/*.sql)
list(SORT files COMPARE NATURAL)
set(body "")
foreach(f ${files})
  get_filename_component(base ${f} NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.+)$" _ ${base})
  if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "${f}: migration files are named NNNN_name.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  if(DEFINED previous AND NOT version GREATER previous)
    message(FATAL_ERROR "${f}: version ${version} is used by another migration")
  endif()
  set(previous ${version})
  file(READ ${f} sql)
  string(FIND "${sql}" ")xmatchsql\"" delimiter_at)
  if(NOT delimiter_at EQUAL -1)
    message(FATAL_ERROR "${f}: contains )xmatchsql\", the raw-string delimiter used to embed it")
  endif()
  string(APPEND body "    {${version}, \"${CMAKE_MATCH_2}\", R\"xmatchsql(${sql})xmatchsql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp
"// Generated from schemas/sql by store/embed_migrations.cmake. Do not edit.
#include \"store/migrations.h\"

namespace xmatch::store {

const std::vector<Migration>& BuiltInMigrations() {
  static const std::vector<Migration> kMigrations = {
${body}  };
  return kMigrations;
}

}  // namespace xmatch::store
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
