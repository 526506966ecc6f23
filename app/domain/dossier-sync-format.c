/* dossier-sync-format.c: the sync status and conflicts in words. */
#include "dossier-sync-format.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "dossier-field-labels.h"
#include "dossier-hlc.h"
#include "dossier-person-name.h"
#include "dossier-timestamp.h"

G_DEFINE_QUARK (dossier-server-address-error-quark, dossier_server_address_error)

#define SECONDS_PER_DAY (24 * 60 * 60)

static gint
calendar_days_between (GDateTime *earlier,
                       GDateTime *later)
{
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, (GDateDay) g_date_time_get_day_of_month (earlier),
                  (GDateMonth) g_date_time_get_month (earlier),
                  (GDateYear) g_date_time_get_year (earlier));
  g_date_set_dmy (&b, (GDateDay) g_date_time_get_day_of_month (later),
                  (GDateMonth) g_date_time_get_month (later),
                  (GDateYear) g_date_time_get_year (later));
  return g_date_days_between (&a, &b);
}

char *
dossier_sync_format_last_success (gint64     last_success,
                                  GDateTime *now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint days_ago;

  g_return_val_if_fail (now != NULL, NULL);

  if (last_success <= 0 || (utc = g_date_time_new_from_unix_utc (last_success)) == NULL)
    return g_strdup (_("Never synced"));
  local = g_date_time_to_timezone (utc, g_date_time_get_timezone (now));
  days_ago = calendar_days_between (local, now);

  if (days_ago == 0 && g_date_time_compare (local, now) <= 0)
    /* Translators: the last successful sync was today; a time in g_date_time_format() notation. */
    return g_date_time_format (local, _("Synced at %H:%M"));
  if (days_ago == 1)
    /* Translators: the last successful sync was yesterday; g_date_time_format() notation. */
    return g_date_time_format (local, _("Synced yesterday at %H:%M"));
  if (days_ago > 1 && g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: the day of the last successful sync this year; g_date_time_format() notation. */
    return g_date_time_format (local, _("Synced on %-d %B"));
  /* Translators: the date of the last successful sync; g_date_time_format() notation. */
  return g_date_time_format (local, _("Synced on %-d %B %Y"));
}

guint
dossier_sync_days_without_success (gint64     last_success,
                                   GDateTime *now)
{
  gint64 elapsed;

  g_return_val_if_fail (now != NULL, 0);

  if (last_success <= 0)
    return 0;
  elapsed = g_date_time_to_unix (now) - last_success;
  return elapsed > 0 ? (guint) MIN (elapsed / SECONDS_PER_DAY, G_MAXUINT) : 0;
}

gboolean
dossier_sync_should_warn (gint64     last_success,
                          GDateTime *now,
                          guint      warning_days)
{
  g_return_val_if_fail (now != NULL, FALSE);

  return last_success > 0
         && dossier_sync_days_without_success (last_success, now) >= MAX (warning_days, 1);
}

char *
dossier_sync_format_warning (guint days)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No successful sync for %u day",
                                       "No successful sync for %u days", days),
                          days);
}

/* Counts beyond an int are shown as the largest int: nobody counts that far. */
static int
clamp_count (gint64 count)
{
  return (int) CLAMP (count, 0, G_MAXINT);
}

char *
dossier_format_count (guint64 n)
{
  const char *separator = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  if (separator == NULL || *separator == '\0')
    separator = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

char *
dossier_sync_format_pending (gint64 pending)
{
  int n = clamp_count (pending);
  g_autofree char *count = dossier_format_count ((guint64) n);

  if (n == 0)
    return g_strdup ("");
  /* TRANSLATORS: %s is a number with its digits grouped, "23,517" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change not yet sent",
                                       "%s changes not yet sent", (gulong) n),
                          count);
}

char *
dossier_sync_format_conflicts (gint64 conflicts)
{
  int n = clamp_count (conflicts);
  g_autofree char *count = dossier_format_count ((guint64) n);

  if (n == 0)
    return g_strdup (_("No conflicts"));
  /* TRANSLATORS: %s is a number with its digits grouped, "1,204" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s conflict to resolve",
                                       "%s conflicts to resolve", (gulong) n),
                          count);
}

char *
dossier_sync_format_hlc_time (const char *hlc,
                              GDateTime  *now)
{
  g_autoptr(GDateTime) written = NULL;
  g_autofree char *iso = NULL;
  DossierHlc clock;

  g_return_val_if_fail (now != NULL, NULL);

  if (hlc == NULL || !dossier_hlc_from_string (hlc, &clock, NULL))
    return NULL;
  written = g_date_time_new_from_unix_utc (DOSSIER_HLC_PHYSICAL (clock) / 1000);
  if (written == NULL)
    return NULL;
  iso = dossier_timestamp_format_utc (written);
  return dossier_timestamp_format_readable (iso, now);
}

static gboolean
is_loopback_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_prefix (host, "127.")
         || g_str_equal (host, "::1") || g_str_equal (host, "[::1]");
}

/* "host[:port][/path]" without a scheme: http:// for this computer, else https://. */
static char *
add_scheme (const char *text)
{
  g_autofree char *host = g_strndup (text, strcspn (text, ":/"));

  if (*text == '[')   /* an IPv6 literal, "[::1]:8080" */
    {
      g_free (host);
      host = g_strndup (text, strcspn (text, "]") + 1);
    }
  return g_strconcat (is_loopback_host (host) ? "http://" : "https://", text, NULL);
}

static gboolean
set_address_error (GError     **error,
                   int          code,
                   const char  *text)
{
  if (code == DOSSIER_SERVER_ADDRESS_ERROR_SCHEME)
    g_set_error (error, DOSSIER_SERVER_ADDRESS_ERROR, code,
                 _("“%s” is not a web address: it should start with https:// or http://"), text);
  else
    g_set_error (error, DOSSIER_SERVER_ADDRESS_ERROR, code,
                 _("“%s” is not a server address, such as https://sync.example.org"), text);
  return FALSE;
}

static gboolean
check_uri (GUri        *uri,
           const char  *text,
           GError     **error)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return set_address_error (error, DOSSIER_SERVER_ADDRESS_ERROR_SCHEME, text);
  if (host == NULL || *host == '\0' || g_uri_get_userinfo (uri) != NULL
      || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL
      || strpbrk (host, " \t") != NULL)
    return set_address_error (error, DOSSIER_SERVER_ADDRESS_ERROR_INVALID, text);
  return TRUE;
}

char *
dossier_sync_normalize_server_address (const char  *text,
                                       GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *full = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *scheme = NULL;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, DOSSIER_SERVER_ADDRESS_ERROR, DOSSIER_SERVER_ADDRESS_ERROR_EMPTY,
                           _("Type the address of your office’s sync server"));
      return NULL;
    }
  full = strstr (trimmed, "://") != NULL ? g_strdup (trimmed) : add_scheme (trimmed);
  uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      set_address_error (error, DOSSIER_SERVER_ADDRESS_ERROR_INVALID, trimmed);
      return NULL;
    }
  if (!check_uri (uri, trimmed, error))
    return NULL;
  path = g_strdup (g_uri_get_path (uri));
  while (*path != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';
  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                     path, NULL, NULL);
}

static int
compare_conflicts (gconstpointer a,
                   gconstpointer b)
{
  JsonObject *x = *(JsonObject *const *) a;
  JsonObject *y = *(JsonObject *const *) b;
  gboolean x_critical = json_object_get_boolean_member_with_default (x, "critical", FALSE);
  gboolean y_critical = json_object_get_boolean_member_with_default (y, "critical", FALSE);
  static const char *const keys[] = { "detected_at", "record_id", "field", "hlc", "device" };
  int order;

  if (x_critical != y_critical)
    return x_critical ? -1 : 1;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if ((order = g_strcmp0 (json_object_get_string_member_with_default (x, keys[i], NULL),
                            json_object_get_string_member_with_default (y, keys[i], NULL))) != 0)
      return order;
  return 0;
}

void
dossier_conflicts_sort (GPtrArray *conflicts)
{
  g_return_if_fail (conflicts != NULL);

  g_ptr_array_sort (conflicts, compare_conflicts);
}

static const char *
context_text (JsonObject *context,
              const char *member)
{
  const char *text = context != NULL
                     ? json_object_get_string_member_with_default (context, member, NULL) : NULL;

  return text != NULL && *text != '\0' ? text : NULL;
}

/* "WANG Fang 王芳", as the case editor writes a person. */
static char *
format_person (JsonObject *context)
{
  return dossier_person_name_format (context_text (context, "family_name"),
                                     context_text (context, "given_names"),
                                     context_text (context, "native_name"));
}

char *
dossier_record_title (const char *kind,
                      JsonObject *context)
{
  const char *reference = context_text (context, "reference");
  const char *title = context_text (context, "title");
  g_autofree char *person = format_person (context);

  g_return_val_if_fail (kind != NULL, NULL);

  if (reference != NULL && person != NULL)
    /* Translators: a case reference and its applicant, as in "DOS-2026-00042 · WANG Fang" */
    return g_strdup_printf (_("%s · %s"), reference, person);
  if (reference != NULL || person != NULL)
    return g_strdup (reference != NULL ? reference : person);
  if (title != NULL)
    return g_strdup (title);
  return g_strdup (dossier_kind_get_label (kind));
}
