/* test-search-text.c: index text preparation and query building, alone and
 * against a real FTS5 table with the replica's tokenizer. */
#include "dossier-search-text.h"

#include "dossier-schema-resources.h"

#include <gio/gio.h>
#include <sqlcipher/sqlite3.h>
#include <string.h>

static void
assert_prepared (const char *text,
                 const char *expected)
{
  g_autofree char *prepared = dossier_search_text_prepare (text);

  g_assert_cmpstr (prepared, ==, expected);
}

static void
assert_query (const char *user_query,
              const char *expected)
{
  g_autofree char *query = dossier_search_query_build (user_query);

  g_assert_cmpstr (query, ==, expected);
}

static void
test_prepare_mixed (void)
{
  assert_prepared ("王小明 Wang Xiaoming 北京", "王 小 明 wang xiaoming 北 京");
  assert_prepared ("我在北京大学读书", "我 在 北 京 大 学 读 书");
  /* No space in the source between scripts: the CJK side still splits. */
  assert_prepared ("Wang王小明", "wang 王 小 明");
  assert_prepared ("王小明Wang.", "王 小 明 wang.");
  assert_prepared ("北京、上海。", "北 京 、 上 海 。");
  /* Kana (with the prolonged sound mark) and hangul syllables. */
  assert_prepared ("ひらがなコーヒー", "ひ ら が な コ ー ヒ ー");
  assert_prepared ("서울특별시", "서 울 특 별 시");
  /* Extension A and a compatibility ideograph that NFKC keeps. */
  assert_prepared ("\xe3\x90\x80\xef\xa8\x8e", "\xe3\x90\x80 \xef\xa8\x8e");
  /* Latin text keeps its own spacing and punctuation. */
  assert_prepared ("  Visa  (business),  D-2 ", "  visa  (business),  d-2 ");
}

static void
test_prepare_nfkc (void)
{
  assert_prepared ("ＡＢＣ", "abc");
  assert_prepared ("Ｗａｎｇ　１２３", "wang 123");
  /* Half-width katakana become full-width, then single tokens. */
  assert_prepared ("ｶﾀｶﾅ", "カ タ カ ナ");
  assert_prepared ("Straße", "strasse");
  assert_prepared ("\xef\xac\x81le", "file");   /* the "fi" ligature */
  assert_prepared ("①②", "12");
  /* A decomposed "é" is composed, so the tokenizer sees one letter. */
  assert_prepared ("Rene\xcc\x81", "ren\xc3\xa9");
}

static void
test_prepare_empty (void)
{
  g_autofree char *repaired = dossier_search_text_prepare ("Wang\xff\xfe Li");

  assert_prepared (NULL, "");
  assert_prepared ("", "");
  assert_prepared (" ", " ");
  /* Invalid UTF-8 is repaired, not passed on or dropped wholesale. */
  g_assert_true (g_utf8_validate (repaired, -1, NULL));
  g_assert_true (g_str_has_prefix (repaired, "wang"));
  g_assert_true (g_str_has_suffix (repaired, " li"));
}

static void
test_query_latin (void)
{
  assert_query ("wan", "\"wan\"*");
  assert_query ("Wang Xiaoming", "\"wang\"* \"xiaoming\"*");
  assert_query ("  Jean-Pierre   O'Neil, Müller ",
                "\"jean\"* \"pierre\"* \"o\"* \"neil\"* \"müller\"*");
  assert_query ("ＡＢＣ", "\"abc\"*");
  assert_query ("E12345678", "\"e12345678\"*");
}

static void
test_query_cjk (void)
{
  assert_query ("北京大学", "\"北 京 大 学\"");
  assert_query ("北", "\"北\"");
  assert_query ("北京 大学", "\"北 京\" \"大 学\"");
  assert_query ("北京，大学。", "\"北 京\" \"大 学\"");
  assert_query ("コーヒー", "\"コ ー ヒ ー\"");
  assert_query ("서울", "\"서 울\"");
}

static void
test_query_mixed (void)
{
  assert_query ("Wang 北京", "\"wang\"* \"北 京\"");
  assert_query ("王小明Wang", "\"王 小 明\" \"wang\"*");
  assert_query ("Wang北京大学Li", "\"wang\"* \"北 京 大 学\" \"li\"*");
}

static void
test_query_hostile (void)
{
  assert_query ("\" OR * NEAR( -x :", "\"or\"* \"near\"* \"x\"*");
  assert_query ("a AND b", "\"a\"* \"and\"* \"b\"*");
  assert_query ("NOT wang", "\"not\"* \"wang\"*");
  assert_query ("title:wang", "\"title\"* \"wang\"*");
  assert_query ("{title body}: ^wang + li*", "\"title\"* \"body\"* \"wang\"* \"li\"*");
  assert_query ("\"unterminated", "\"unterminated\"*");
  assert_query ("say \"\"hi\"\"", "\"say\"* \"hi\"*");
}

static void
test_query_empty (void)
{
  assert_query (NULL, NULL);
  assert_query ("", NULL);
  assert_query ("   ", NULL);
  assert_query ("\t\n\xe3\x80\x80", NULL);  /* ideographic space included */
  assert_query ("\" * ( ) : - + ^ , . ! ? 、。", NULL);
  assert_query ("\xcc\x81", NULL);           /* a lone combining accent */
}

/* The replica's own CREATE statement for its search table, taken from the
 * migration compiled into the sync library, so that the test follows any
 * change of tokenizer or prefix options. */
static char *
load_search_table_sql (void)
{
  static const char *start_marker = "CREATE VIRTUAL TABLE search_fts";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  const char *start, *end;

  bytes = g_resource_lookup_data (dossier_schema_get_resource (),
                                  "/org/dossier/Dossier/schema/replica/001-replica.sql",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  start = strstr (sql, start_marker);
  g_assert_nonnull (start);
  end = strstr (start, ");");
  g_assert_nonnull (end);
  g_assert_nonnull (g_strstr_len (start, end - start, "unicode61 remove_diacritics 2"));
  return g_strndup (start, end - start + 1);
}

typedef struct
{
  sqlite3 *db;
} Index;

static void
index_document (Index      *index,
                gint64      rowid,
                const char *title,
                const char *body)
{
  g_autofree char *prepared_title = dossier_search_text_prepare (title);
  g_autofree char *prepared_body = dossier_search_text_prepare (body);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (index->db,
                               "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)",
                               -1, &stmt, NULL);

  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, prepared_title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, prepared_body, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
index_set_up (Index         *index,
              gconstpointer  data)
{
  g_autofree char *create_sql = load_search_table_sql ();
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &index->db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (index->db, create_sql, NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);

  index_document (index, 1, "王小明 Wang Xiaoming", "Applicant for a business visa");
  index_document (index, 2, "Student visa", "我在北京大学读书");
  index_document (index, 3, "Hans Müller", "Arbeitsvisum, Termin in Köln");
  index_document (index, 4, "ＡＢＣ Trading", "東京のコーヒー");
}

static void
index_tear_down (Index         *index,
                 gconstpointer  data)
{
  g_assert_cmpint (sqlite3_close (index->db), ==, SQLITE_OK);
}

/* Runs what the user typed and returns the matching rows as "1,3" ("" for
 * none); any SQL error fails the test. */
static char *
search (Index      *index,
        const char *user_query)
{
  g_autofree char *match = dossier_search_query_build (user_query);
  g_autoptr(GString) rows = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (match == NULL)
    return g_strdup ("");

  rc = sqlite3_prepare_v2 (index->db,
                           "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid",
                           -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (rows, "%s%" G_GINT64_FORMAT, rows->len > 0 ? "," : "",
                            (gint64) sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    g_error ("query “%s” built from “%s” failed: %s", match, user_query,
             sqlite3_errmsg (index->db));
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&rows), FALSE);
}

static void
assert_found (Index      *index,
              const char *user_query,
              const char *expected_rows)
{
  g_autofree char *rows = search (index, user_query);

  g_assert_cmpstr (rows, ==, expected_rows);
}

static void
test_fts5_latin (Index         *index,
                 gconstpointer  data)
{
  assert_found (index, "wan", "1");
  assert_found (index, "xiao", "1");
  assert_found (index, "Wang Xiaoming", "1");
  assert_found (index, "WANG", "1");
  assert_found (index, "visa", "1,2");
  assert_found (index, "wang student", "");
  assert_found (index, "müller", "3");
  assert_found (index, "muller", "3");
  assert_found (index, "MÜLLER", "3");
  assert_found (index, "koln", "3");
  assert_found (index, "abc", "4");
  assert_found (index, "ＡＢ", "4");
}

static void
test_fts5_cjk (Index         *index,
               gconstpointer  data)
{
  assert_found (index, "北京", "2");
  assert_found (index, "京大", "2");
  assert_found (index, "北京大学", "2");
  assert_found (index, "王小明", "1");
  assert_found (index, "小明", "1");
  assert_found (index, "上海", "");
  /* Both characters are in the sentence, but not next to each other. */
  assert_found (index, "北大", "");
  assert_found (index, "京北", "");
  assert_found (index, "コーヒー", "4");
  assert_found (index, "東京", "4");
  assert_found (index, "visa 北京", "2");
  assert_found (index, "Wang 北京", "");
}

static void
test_fts5_hostile (Index         *index,
                   gconstpointer  data)
{
  static const char *pieces[] = {
    "\"", "\"\"", "*", "(", ")", ":", "-", "+", "^", ",", "{", "}", "[", "]", "'", "\\",
    "%", "_", ".", ";", "AND", "OR", "NOT", "NEAR", "NEAR(", "title", "body", "rank",
    "search_fts", "wang", "北", "京", "ü", "\xcc\x81", "0", " ", "  ", "\t",
  };
  int i;

  assert_found (index, "\" OR * NEAR( -x :", "");
  assert_found (index, "-wang", "1");
  assert_found (index, "wang*", "1");
  assert_found (index, "^wang", "1");
  assert_found (index, "\"wang", "1");
  assert_found (index, "(wang)", "1");
  assert_found (index, "wang OR", "");
  assert_found (index, "body:北京", "");
  assert_found (index, "NEAR(wang xiaoming)", "");

  /* Random mixtures of FTS5 syntax: any SQL error aborts in search(). */
  for (i = 0; i < 3000; i++)
    {
      g_autoptr(GString) typed = g_string_new (NULL);
      g_autofree char *rows = NULL;
      int n = g_test_rand_int_range (1, 9);

      while (n-- > 0)
        g_string_append (typed, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      rows = search (index, typed->str);
      g_assert_nonnull (rows);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/search-text/prepare-mixed", test_prepare_mixed);
  g_test_add_func ("/sync/search-text/prepare-nfkc", test_prepare_nfkc);
  g_test_add_func ("/sync/search-text/prepare-empty", test_prepare_empty);
  g_test_add_func ("/sync/search-text/query-latin", test_query_latin);
  g_test_add_func ("/sync/search-text/query-cjk", test_query_cjk);
  g_test_add_func ("/sync/search-text/query-mixed", test_query_mixed);
  g_test_add_func ("/sync/search-text/query-hostile", test_query_hostile);
  g_test_add_func ("/sync/search-text/query-empty", test_query_empty);
  g_test_add ("/sync/search-text/fts5/latin", Index, NULL,
              index_set_up, test_fts5_latin, index_tear_down);
  g_test_add ("/sync/search-text/fts5/cjk", Index, NULL,
              index_set_up, test_fts5_cjk, index_tear_down);
  g_test_add ("/sync/search-text/fts5/hostile", Index, NULL,
              index_set_up, test_fts5_hostile, index_tear_down);

  return g_test_run ();
}
