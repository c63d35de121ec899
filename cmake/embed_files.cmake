# Writes a C++ source holding every file under a directory as bytes, so a binary can
# serve or use them without the source tree. Invoked at build time:
#
#   cmake -DOUT=out.cc -DDIR=files/ -DHEADER=mod/embedded.h -DNAMESPACE=xmatch::mod
#         -DFUNCTION=EmbeddedThings -P cmake/embed_files.cmake
#
# HEADER must declare, in NAMESPACE, `struct EmbeddedFile { std::string_view path;
# std::string_view content; };` and `const std::vector<EmbeddedFile>& FUNCTION();`.
# Paths are relative to DIR with '/' separators, in sorted order; files whose name
# starts with '.' are skipped. The output is rewritten only when it changes.
file(GLOB_RECURSE files RELATIVE ${DIR} ${DIR}/*)
list(SORT files)
set(arrays "")
set(entries "")
set(index 0)
foreach(rel ${files})
  get_filename_component(name ${rel} NAME)
  if(name MATCHES "^\\.")
    continue()
  endif()
  file(READ ${DIR}/${rel} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "const unsigned char kFile${index}[] = {${bytes}0};\n")
  string(APPEND entries
         "      {\"${rel}\", std::string_view(reinterpret_cast<const char*>(kFile${index}), ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE ${OUT}.tmp
"// Generated from ${DIR} by cmake/embed_files.cmake. Do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {
namespace {

${arrays}
}  // namespace

const std::vector<EmbeddedFile>& ${FUNCTION}() {
  static const std::vector<EmbeddedFile> kFiles = {
${entries}  };
  return kFiles;
}

}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
