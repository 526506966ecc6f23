/* dossier-hlc.h: hybrid logical clocks (Kulkarni et al.), the order of every change.
 *
 * A DossierHlc packs 48 bits of wall time in milliseconds since the Unix epoch
 * and a 16-bit logical counter into one 64-bit integer, so that clocks compare
 * as plain integers and are stored in one SQLite INTEGER column.  Two clocks that
 * are equal are ordered by the device id of the writer: a total order.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guint64 DossierHlc;

#define DOSSIER_HLC_LOGICAL_BITS 16
#define DOSSIER_HLC_MAKE(ms, logical) ((((DossierHlc) (ms)) << DOSSIER_HLC_LOGICAL_BITS) | ((DossierHlc) (logical) & 0xffff))
#define DOSSIER_HLC_PHYSICAL(hlc) ((gint64) ((hlc) >> DOSSIER_HLC_LOGICAL_BITS))
#define DOSSIER_HLC_LOGICAL(hlc) ((guint) ((hlc) & 0xffff))

/* Default bound on how far ahead of our wall clock a received clock may be. */
#define DOSSIER_HLC_DEFAULT_MAX_SKEW_MS (5 * 60 * 1000)

#define DOSSIER_HLC_ERROR (dossier_hlc_error_quark ())

typedef enum
{
  DOSSIER_HLC_ERROR_SKEW,       /* a received clock is too far in the future */
  DOSSIER_HLC_ERROR_PARSE,      /* not a clock in its text form */
} DossierHlcError;

/* Returns the wall clock in milliseconds since the Unix epoch. */
typedef gint64 (*DossierHlcWallClock) (gpointer user_data);

typedef struct _DossierHlcClock DossierHlcClock;

GQuark           dossier_hlc_error_quark      (void);

DossierHlcClock *dossier_hlc_clock_new        (gint64               max_skew_ms);
void             dossier_hlc_clock_free       (DossierHlcClock     *clock);
void             dossier_hlc_clock_set_wall_clock (DossierHlcClock *clock,
                                               DossierHlcWallClock  wall_clock,
                                               gpointer             user_data);
DossierHlc       dossier_hlc_clock_now        (DossierHlcClock     *clock);
gboolean         dossier_hlc_clock_receive    (DossierHlcClock     *clock,
                                               DossierHlc           remote,
                                               DossierHlc          *out_hlc,
                                               GError             **error);
void             dossier_hlc_clock_observe    (DossierHlcClock     *clock,
                                               DossierHlc           seen);
DossierHlc       dossier_hlc_clock_peek       (DossierHlcClock     *clock);

int              dossier_hlc_compare          (DossierHlc           a,
                                               const char          *device_a,
                                               DossierHlc           b,
                                               const char          *device_b);
char            *dossier_hlc_to_string        (DossierHlc           hlc);
gboolean         dossier_hlc_from_string      (const char          *text,
                                               DossierHlc          *out_hlc,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierHlcClock, dossier_hlc_clock_free)

G_END_DECLS
