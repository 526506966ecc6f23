/* dossier-hlc.c: the hybrid logical clock that stamps every local change.
 *
 * The clock follows Kulkarni et al., "Logical Physical Clocks" (2014).  Because
 * a DossierHlc packs the logical counter into the low 16 bits, "increment the
 * logical part" and "carry into the physical part when the counter is full"
 * are the same integer addition, which keeps the rules below short.
 */
#include "dossier-hlc.h"

#include <string.h>

/* The largest wall time that fits in the 48-bit physical part. */
#define HLC_MAX_PHYSICAL ((gint64) ((G_GUINT64_CONSTANT (1) << 48) - 1))
#define HLC_TEXT_LENGTH 16

struct _DossierHlcClock
{
  GMutex              mutex;
  gint64              max_skew_ms;
  DossierHlcWallClock wall_clock;
  gpointer            wall_clock_data;
  DossierHlc          last;
};

G_DEFINE_QUARK (dossier-hlc-error-quark, dossier_hlc_error)

static gint64
default_wall_clock (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

/* A wall clock before 1970 or past the year 10889 cannot be packed; clamping
 * keeps the clock usable (it then runs on its logical part) instead of letting
 * the bits of a bogus time spill into the logical counter. */
static gint64
read_wall_clock_locked (DossierHlcClock *clock)
{
  gint64 ms = clock->wall_clock (clock->wall_clock_data);

  return CLAMP (ms, 0, HLC_MAX_PHYSICAL);
}

/* The HLC send/local-event rule, applied on top of @floor (the largest clock
 * known so far).  Adding one to the packed integer increments the logical part
 * and carries into the physical part when the logical part is 0xffff. */
static DossierHlc
advance_past (DossierHlc floor,
              gint64     wall_ms)
{
  if (wall_ms > DOSSIER_HLC_PHYSICAL (floor))
    return DOSSIER_HLC_MAKE (wall_ms, 0);

  /* 2^64 - 1 means a physical time in the year 10889: not a real clock. */
  g_return_val_if_fail (floor < G_MAXUINT64, floor);
  return floor + 1;
}

/**
 * dossier_hlc_clock_new:
 * @max_skew_ms: how far (in ms) a received clock may be ahead of our wall clock
 *
 * Returns: (transfer full): a clock that reads the system's real time
 */
DossierHlcClock *
dossier_hlc_clock_new (gint64 max_skew_ms)
{
  DossierHlcClock *clock;

  g_return_val_if_fail (max_skew_ms >= 0, NULL);

  clock = g_new0 (DossierHlcClock, 1);
  g_mutex_init (&clock->mutex);
  clock->max_skew_ms = max_skew_ms;
  clock->wall_clock = default_wall_clock;
  return clock;
}

void
dossier_hlc_clock_free (DossierHlcClock *clock)
{
  if (clock == NULL)
    return;

  g_mutex_clear (&clock->mutex);
  g_free (clock);
}

/**
 * dossier_hlc_clock_set_wall_clock:
 * @wall_clock: (nullable): the time source, or %NULL for the real time
 * @user_data: passed to @wall_clock
 *
 * Replaces the time source; tests use it to step time backwards and forwards.
 */
void
dossier_hlc_clock_set_wall_clock (DossierHlcClock     *clock,
                                  DossierHlcWallClock  wall_clock,
                                  gpointer             user_data)
{
  g_return_if_fail (clock != NULL);

  g_mutex_lock (&clock->mutex);
  clock->wall_clock = wall_clock != NULL ? wall_clock : default_wall_clock;
  clock->wall_clock_data = wall_clock != NULL ? user_data : NULL;
  g_mutex_unlock (&clock->mutex);
}

/**
 * dossier_hlc_clock_now:
 *
 * Stamps a local event.  The result is strictly greater than every clock this
 * clock produced, received or observed before, whatever the wall clock does.
 */
DossierHlc
dossier_hlc_clock_now (DossierHlcClock *clock)
{
  DossierHlc result;

  g_return_val_if_fail (clock != NULL, 0);

  g_mutex_lock (&clock->mutex);
  result = advance_past (clock->last, read_wall_clock_locked (clock));
  clock->last = result;
  g_mutex_unlock (&clock->mutex);
  return result;
}

/**
 * dossier_hlc_clock_receive:
 * @remote: a clock received from a peer or the server
 * @out_hlc: (out) (optional): the new local clock
 *
 * Merges @remote into the clock.  A remote clock whose physical part is more
 * than the skew bound ahead of our wall clock is refused, so that one peer with
 * a wrong date cannot drag every clock into the future; the clock is then left
 * as it was.
 *
 * Returns: %TRUE and a clock strictly greater than both the previous local
 *   clock and @remote, or %FALSE with %DOSSIER_HLC_ERROR_SKEW
 */
gboolean
dossier_hlc_clock_receive (DossierHlcClock  *clock,
                           DossierHlc        remote,
                           DossierHlc       *out_hlc,
                           GError          **error)
{
  gint64 wall_ms;
  gint64 ahead_ms;
  DossierHlc result;

  g_return_val_if_fail (clock != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&clock->mutex);
  wall_ms = read_wall_clock_locked (clock);
  /* Both operands are within 48 bits, so the difference cannot overflow. */
  ahead_ms = DOSSIER_HLC_PHYSICAL (remote) - wall_ms;
  if (ahead_ms > clock->max_skew_ms)
    {
      g_mutex_unlock (&clock->mutex);
      g_set_error (error, DOSSIER_HLC_ERROR, DOSSIER_HLC_ERROR_SKEW,
                   "Received clock is %" G_GINT64_FORMAT " ms ahead of the wall clock "
                   "(at most %" G_GINT64_FORMAT " ms allowed)",
                   ahead_ms, clock->max_skew_ms);
      return FALSE;
    }

  /* Taking the integer maximum first is the HLC receive rule: on equal
   * physical parts it keeps the larger logical part before incrementing. */
  result = advance_past (MAX (clock->last, remote), wall_ms);
  clock->last = result;
  g_mutex_unlock (&clock->mutex);

  if (out_hlc != NULL)
    *out_hlc = result;
  return TRUE;
}

/**
 * dossier_hlc_clock_observe:
 * @seen: a clock known to have been issued before, e.g. the last one stored
 *
 * Raises the clock so that later results are greater than @seen.  Unlike
 * dossier_hlc_clock_receive() there is no skew check: at startup the replica's
 * own last clock must be honoured even if the wall clock has since gone back.
 */
void
dossier_hlc_clock_observe (DossierHlcClock *clock,
                           DossierHlc       seen)
{
  g_return_if_fail (clock != NULL);

  g_mutex_lock (&clock->mutex);
  clock->last = MAX (clock->last, seen);
  g_mutex_unlock (&clock->mutex);
}

/**
 * dossier_hlc_clock_peek:
 *
 * Returns: the largest clock produced, received or observed so far (0 if none),
 *   without advancing the clock
 */
DossierHlc
dossier_hlc_clock_peek (DossierHlcClock *clock)
{
  DossierHlc result;

  g_return_val_if_fail (clock != NULL, 0);

  g_mutex_lock (&clock->mutex);
  result = clock->last;
  g_mutex_unlock (&clock->mutex);
  return result;
}

/**
 * dossier_hlc_compare:
 * @device_a: (nullable): the device that wrote @a
 * @device_b: (nullable): the device that wrote @b
 *
 * Orders changes totally: by clock, then by device id (%NULL first), so that
 * every replica picks the same winner between two changes with equal clocks.
 *
 * Returns: -1, 0 or 1
 */
int
dossier_hlc_compare (DossierHlc  a,
                     const char *device_a,
                     DossierHlc  b,
                     const char *device_b)
{
  int by_device;

  if (a != b)
    return a < b ? -1 : 1;

  by_device = g_strcmp0 (device_a, device_b);
  return (by_device > 0) - (by_device < 0);
}

/**
 * dossier_hlc_to_string:
 *
 * Returns: (transfer full): 16 lower-case hexadecimal digits, which sort as
 *   strings exactly as the clocks sort as integers
 */
char *
dossier_hlc_to_string (DossierHlc hlc)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", hlc);
}

static gboolean
set_parse_error (const char  *text,
                 GError     **error)
{
  /* The text may come from the network: quote a bounded, valid excerpt. */
  g_autofree char *excerpt = NULL;

  if (text != NULL)
    excerpt = g_utf8_make_valid (text, (gssize) MIN (strlen (text), 40));

  g_set_error (error, DOSSIER_HLC_ERROR, DOSSIER_HLC_ERROR_PARSE,
               "“%s” is not a clock (16 lower-case hexadecimal digits expected)",
               excerpt != NULL ? excerpt : "(null)");
  return FALSE;
}

/**
 * dossier_hlc_from_string:
 * @text: (nullable): the text form made by dossier_hlc_to_string()
 * @out_hlc: (out): the clock
 *
 * Only the canonical form is accepted (exactly 16 lower-case hex digits, no
 * sign, prefix or space), so that one clock has one text and text order stays
 * clock order.
 *
 * Returns: %TRUE, or %FALSE with %DOSSIER_HLC_ERROR_PARSE (@out_hlc untouched)
 */
gboolean
dossier_hlc_from_string (const char  *text,
                         DossierHlc  *out_hlc,
                         GError     **error)
{
  DossierHlc value = 0;
  gsize i;

  g_return_val_if_fail (out_hlc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || strlen (text) != HLC_TEXT_LENGTH)
    return set_parse_error (text, error);

  for (i = 0; i < HLC_TEXT_LENGTH; i++)
    {
      char c = text[i];

      if (!g_ascii_isdigit (c) && !(c >= 'a' && c <= 'f'))
        return set_parse_error (text, error);
      value = (value << 4) | (DossierHlc) g_ascii_xdigit_value (c);
    }

  *out_hlc = value;
  return TRUE;
}
