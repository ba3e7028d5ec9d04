# libFuzzer targets (SEATD_FUZZ=ON, clang++-14 only). Every library of the tree
# is then compiled with -fsanitize=fuzzer-no-link,address,undefined (the flags
# are set once, in the top-level CMakeLists.txt), and each fuzz target is linked
# with libFuzzer's main. scripts/fuzz.sh runs them all from the manifest written
# here, so a target is declared in one place: beside the code it fuzzes.
#
# seat_fuzz_target(NAME SOURCE MAX_LEN BYTES LINK LIBRARIES... [DICT FILE])
#   builds NAME from SOURCE (in the calling folder) into <build>/fuzz/, with the
#   seed corpus corpus/<NAME without _fuzz>/ beside it, and the dictionary FILE
#   (relative to the calling folder) when one helps.
# seat_fuzz_seeds(NAME SOURCE LINK LIBRARIES...)
#   a program that writes seed corpora under the calling folder's corpus/ (its
#   SEAT_FUZZ_CORPUS), run by `scripts/fuzz.sh --write-seeds`.
define_property(GLOBAL PROPERTY SEAT_FUZZ_MANIFEST
  BRIEF_DOCS "name max_len corpus dict, one fuzz target a line"
  FULL_DOCS "Written to <build>/fuzz/targets.txt for scripts/fuzz.sh.")
add_custom_target(fuzz)

function(seat_fuzz_target name source)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "MAX_LEN;DICT" "LINK")
  if(NOT arg_MAX_LEN)
    message(FATAL_ERROR "seat_fuzz_target(${name}): MAX_LEN is required")
  endif()
  string(REGEX REPLACE "_fuzz$" "" short ${name})
  set(corpus ${CMAKE_CURRENT_SOURCE_DIR}/corpus/${short})
  if(NOT IS_DIRECTORY ${corpus})
    message(FATAL_ERROR "seat_fuzz_target(${name}): no seed corpus at ${corpus}")
  endif()
  set(dict -)
  if(arg_DICT)
    set(dict ${CMAKE_CURRENT_SOURCE_DIR}/${arg_DICT})
  endif()
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${arg_LINK})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
  add_dependencies(fuzz ${name})
  set_property(GLOBAL APPEND PROPERTY SEAT_FUZZ_MANIFEST "${name} ${arg_MAX_LEN} ${corpus} ${dict}")
endfunction()

function(seat_fuzz_seeds name source)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "LINK")
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${arg_LINK})
  target_compile_definitions(${name} PRIVATE SEAT_FUZZ_CORPUS="${CMAKE_CURRENT_SOURCE_DIR}/corpus")
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz/seeds)
  add_dependencies(fuzz ${name})
endfunction()

# Called once, after every folder declared its targets.
function(seat_fuzz_manifest)
  get_property(lines GLOBAL PROPERTY SEAT_FUZZ_MANIFEST)
  list(JOIN lines "\n" text)
  file(WRITE ${PROJECT_BINARY_DIR}/fuzz/targets.txt "${text}\n")
endfunction()
