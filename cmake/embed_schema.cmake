# Writes OUT: a C++ source holding every schema/NNNN_*.sql file as a string, in order,
# so the daemon and the CLI migrate without needing the schema folder at run time.
file(GLOB files "${SCHEMA_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" sql)
  string(APPEND body "  {\"${name}\", R\"carteiro_sql(${sql})carteiro_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from schema/*.sql by cmake/embed_schema.cmake. Do not edit.\n#include \"carteiro/store/migrations.hpp\"\nnamespace carteiro::store {\nconst std::vector<Migration>& embedded_migrations() {\n  static const std::vector<Migration> all = {\n${body}  };\n  return all;\n}\n}  // namespace carteiro::store\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
