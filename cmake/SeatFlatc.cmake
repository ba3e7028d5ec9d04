# seat_flatc(SCHEMA TARGET): compiles SCHEMA (a .fbs beside the calling
# CMakeLists.txt) with flatc at build time into the calling directory's build
# tree, as <name>_generated.h, and adds TARGET, a custom target that libraries
# depend on. The generated header's path is returned in <TARGET>_HEADER.
function(seat_flatc schema target)
  get_filename_component(name ${schema} NAME_WE)
  set(header ${CMAKE_CURRENT_BINARY_DIR}/${name}_generated.h)
  file(RELATIVE_PATH shown ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/${schema})
  add_custom_command(
    OUTPUT ${header}
    COMMAND $<TARGET_FILE:flatbuffers::flatc> --cpp --scoped-enums -o ${CMAKE_CURRENT_BINARY_DIR}
            ${CMAKE_CURRENT_SOURCE_DIR}/${schema}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${schema} flatbuffers::flatc
    COMMENT "flatc: ${shown}"
    VERBATIM)
  add_custom_target(${target} DEPENDS ${header})
  set(${target}_HEADER ${header} PARENT_SCOPE)
endfunction()
