/* sim-world.h: the world of the convergence simulation (test-sim.c).
 *
 * Real replicas (SQLCipher files in a temporary folder) and the real
 * server (its request handlers and its SQLite store, called in-process)
 * talk through a simulated network: a list of messages in flight, any of
 * which the schedule may deliver (in any order), duplicate or drop.  A
 * replica's side of an exchange is the sync engine's cycle: push the
 * oldest outbox changes, ack what the server accepted, pull a page since
 * the cursor and apply it with its cursor in one transaction.
 *
 * Beside the real parts the world keeps a ledger of every change a
 * replica wrote, with what that replica had seen when it wrote it (a
 * version vector), and the ids the server acknowledged: the oracle
 * (sim-oracle.c) checks the end state against them.
 */
#pragma once

#include "dossier-replica.h"
#include "dossier-server-private.h"

G_BEGIN_DECLS

#define SIM_MAX_REPLICAS 4

typedef struct
{
  guint    index;
  char    *path;
  const char *device;            /* fixed per slot: runs are reproducible */
  const char *token;
  DossierReplica *replica;
  guint    incarnation;          /* bumped by a crash: replies to the old one are lost */
  gint64   skew_ms;              /* this laptop's clock minus the true time */
  gint64   wall_ms;              /* what its clock reads now (read on its worker) */
  gint64   seen[SIM_MAX_REPLICAS];   /* highest counter of each device written or applied */
} SimReplica;

typedef enum
{
  SIM_PUSH,
  SIM_PULL,
  SIM_PUSH_REPLY,
  SIM_PULL_REPLY,
} SimMessageType;

typedef struct
{
  SimMessageType type;
  guint          replica;        /* sender of a request, addressee of a reply */
  guint          incarnation;
  GBytes        *body;           /* push body, or the reply's body */
  guint          status;         /* replies */
  gint64         since;          /* pulls */
  guint          limit;
} SimMessage;

/* One change a replica wrote, as its outbox held it. */
typedef struct
{
  DossierChange *change;
  guint          writer;
  gint64         seen[SIM_MAX_REPLICAS];   /* the writer's version vector before it */
} SimLedgerEntry;

typedef struct
{
  guint64 seeds, steps, changes, pushes, pulls, delivered, duplicated, dropped;
  guint64 crashes, server_crashes, stale_replies, concurrent_pairs, conflicts_left;
  guint64 deleted_records, delete_edit_conflicts, resolutions, kept_deleted;
} SimStats;

typedef struct
{
  guint32       seed;
  GRand        *rand;
  gboolean      trace;
  char         *dir;
  guint         n_replicas;
  SimReplica    replicas[SIM_MAX_REPLICAS];
  char         *store_spec;
  DossierServerStore   *store;
  DossierServerContext  context;
  GPtrArray    *network;         /* SimMessage, in the order sent */
  gint64        now_ms;          /* the true time */
  GHashTable   *ledger;          /* change id -> SimLedgerEntry */
  GHashTable   *acked;           /* change ids the server acknowledged */
  GPtrArray    *records;         /* SimRecord: every record created, any replica */
  guint         serial;
  gboolean      more;            /* the last page delivered said there is more */
  SimStats     *stats;
} SimWorld;

typedef struct
{
  const char *kind;
  char       *id;
} SimRecord;

/* Once per process: migrated template files (one per replica slot, with a
 * fixed device id) and a server store with an office, users and tokens. */
void        sim_templates_init   (void);
void        sim_templates_clear  (void);
const char *sim_office_id        (void);

SimWorld   *sim_world_new        (guint32      seed,
                                  guint        n_replicas,
                                  SimStats    *stats,
                                  gboolean     trace);
void        sim_world_free       (SimWorld    *world);

/* Fails the seed with a message (and the command that re-runs it alone). */
void        sim_fail             (SimWorld    *world,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (2, 3) G_GNUC_NORETURN;
void        sim_trace            (SimWorld    *world,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (2, 3);
void        sim_check_error      (SimWorld    *world,
                                  GError      *error,
                                  const char  *what);

void        sim_advance_time     (SimWorld    *world,
                                  gint64       ms);
void        sim_crash_replica    (SimWorld    *world,
                                  SimReplica  *replica);
void        sim_crash_server     (SimWorld    *world);
/* After a local write: the new outbox changes go to the ledger. */
void        sim_capture_writes   (SimWorld    *world,
                                  SimReplica  *replica);

/* The network.  Sending returns FALSE when there was nothing to push. */
gboolean    sim_send_push        (SimWorld    *world,
                                  SimReplica  *replica,
                                  guint        limit);
void        sim_send_pull        (SimWorld    *world,
                                  SimReplica  *replica,
                                  guint        limit);
/* Delivers message `index` (keeping a copy when `duplicate`); returns the
 * number of changes a delivered pull page carried, or -1. */
gint        sim_deliver          (SimWorld    *world,
                                  guint        index,
                                  gboolean     duplicate);
void        sim_drop             (SimWorld    *world,
                                  guint        index);
void        sim_sync_now         (SimWorld    *world,
                                  SimReplica  *replica);
/* Everything in flight arrives once, then every replica syncs until
 * nothing moves. */
void        sim_quiesce          (SimWorld    *world);

/* The end-state checks; see sim-oracle.c. */
void        sim_check_converged  (SimWorld    *world);

/* Helpers shared by the schedule and the oracle. */
guint       sim_device_index     (SimWorld    *world,
                                  const char  *device);
gint64      sim_change_counter   (const DossierChange *change);
GPtrArray  *sim_read_server_log  (SimWorld    *world);

G_END_DECLS
