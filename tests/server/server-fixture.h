/* server-fixture.h: a real server on a loopback port, for the server tests.
 *
 * The backend under test comes from DOSSIER_TEST_BACKEND ("sqlite", the
 * default, or "postgresql"); for PostgreSQL a throwaway cluster is started
 * once per test program (unix socket only, in a private folder) and every
 * fixture gets a fresh database.  The in-process DossierServer runs on a
 * thread of its own, so tests can talk to it with synchronous libsoup calls.
 *
 * Every fixture has two offices, A and B, and users with the password
 * "secret": alice and bob (A), carol (B), dave (A and B) and eve (A and B,
 * used only to count what the store holds).
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "dossier-server.h"

G_BEGIN_DECLS

#define FIXTURE_PASSWORD "secret"

typedef struct
{
  char               *dir;
  char               *spec;
  DossierServerStore *store;
  char               *office_a;
  char               *office_b;
  char               *eve_id;

  GMainContext       *context;
  GMainLoop          *loop;
  GThread            *thread;
  DossierServer      *server;
  char               *base;        /* "http://127.0.0.1:PORT/" */
  SoupSession        *session;
} ServerFixture;

void        server_test_init          (int            *argc,
                                       char         ***argv);
const char *server_test_backend       (void);
char       *server_test_new_store     (const char     *dir);
char       *server_test_new_pg_database (void);

/* data: GINT_TO_POINTER (token lifetime in seconds), or NULL for the default. */
void        server_fixture_setup      (ServerFixture  *f,
                                       gconstpointer   data);
void        server_fixture_teardown   (ServerFixture  *f,
                                       gconstpointer   data);

/* A second server on the same store spec (a second store object too), as a
 * second server process would be; free with server_fixture_free_peer(). */
ServerFixture *server_fixture_new_peer  (ServerFixture  *f);
void           server_fixture_free_peer (ServerFixture  *peer);

/* A JSON reply (NULL when the body is not JSON); `session` NULL: the fixture's. */
JsonNode   *server_request            (ServerFixture  *f,
                                       SoupSession    *session,
                                       const char     *method,
                                       const char     *path,
                                       const char     *token,
                                       const char     *body,
                                       guint          *out_status);
JsonNode   *server_request_bytes      (ServerFixture  *f,
                                       const char     *method,
                                       const char     *path,
                                       const char     *token,
                                       GBytes         *body,
                                       const char     *range,
                                       guint          *out_status,
                                       GBytes        **out_body);
char       *server_login              (ServerFixture  *f,
                                       SoupSession    *session,
                                       const char     *user);
JsonNode   *server_push               (ServerFixture  *f,
                                       SoupSession    *session,
                                       const char     *token,
                                       GPtrArray      *changes,
                                       guint          *out_status);
JsonNode   *server_pull               (ServerFixture  *f,
                                       SoupSession    *session,
                                       const char     *token,
                                       gint64          since,
                                       guint           wait,
                                       guint          *out_status);
guint       server_count_changes      (ServerFixture  *f);

/* A change as JSON text; `value` is JSON text too. */
char       *make_change               (const char     *device,
                                       guint           counter,
                                       const char     *kind,
                                       const char     *record,
                                       const char     *field,
                                       const char     *value,
                                       const char     *scope);
char       *make_batch                (GPtrArray      *changes);

void        assert_error              (JsonNode       *reply,
                                       guint           status,
                                       guint           expected_status,
                                       const char     *expected_code);
JsonObject *json_object_at            (JsonNode       *node,
                                       const char     *member);
gint64      json_int_at               (JsonNode       *node,
                                       const char     *member);
JsonArray  *json_array_at             (JsonNode       *node,
                                       const char     *member);

G_END_DECLS
