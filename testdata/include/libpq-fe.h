// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// PostgreSQL 15 <libpq-fe.h> (https://www.postgresql.org/docs/15/libpq.html).
#ifndef ASYNCGUARD_FAKE_LIBPQ_FE_H
#define ASYNCGUARD_FAKE_LIBPQ_FE_H

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int Oid;
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef struct pg_cancel PGcancel;

typedef enum { CONNECTION_OK, CONNECTION_BAD } ConnStatusType;
typedef enum { PGRES_POLLING_FAILED = 0, PGRES_POLLING_READING, PGRES_POLLING_WRITING,
               PGRES_POLLING_OK } PostgresPollingStatusType;
typedef enum { PGRES_EMPTY_QUERY = 0, PGRES_COMMAND_OK, PGRES_TUPLES_OK } ExecStatusType;
typedef enum { PQPING_OK, PQPING_REJECT, PQPING_NO_RESPONSE, PQPING_NO_ATTEMPT } PGPing;

PGconn *PQconnectdb(const char *conninfo);
PGconn *PQconnectdbParams(const char *const *keywords, const char *const *values,
                          int expand_dbname);
PGconn *PQsetdbLogin(const char *pghost, const char *pgport, const char *pgoptions,
                     const char *pgtty, const char *dbName, const char *login,
                     const char *pwd);
#define PQsetdb(M_PGHOST, M_PGPORT, M_PGOPT, M_PGTTY, M_DBNAME) \
  PQsetdbLogin(M_PGHOST, M_PGPORT, M_PGOPT, M_PGTTY, M_DBNAME, NULL, NULL)
PGconn *PQconnectStart(const char *conninfo);
PostgresPollingStatusType PQconnectPoll(PGconn *conn);
void PQfinish(PGconn *conn);
void PQreset(PGconn *conn);
PGPing PQping(const char *conninfo);
ConnStatusType PQstatus(const PGconn *conn);
int PQsocket(const PGconn *conn);
char *PQerrorMessage(const PGconn *conn);

PGresult *PQexec(PGconn *conn, const char *query);
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams,
                       const Oid *paramTypes, const char *const *paramValues,
                       const int *paramLengths, const int *paramFormats,
                       int resultFormat);
PGresult *PQprepare(PGconn *conn, const char *stmtName, const char *query,
                    int nParams, const Oid *paramTypes);
PGresult *PQexecPrepared(PGconn *conn, const char *stmtName, int nParams,
                         const char *const *paramValues, const int *paramLengths,
                         const int *paramFormats, int resultFormat);

int PQsendQuery(PGconn *conn, const char *query);
int PQsendQueryParams(PGconn *conn, const char *command, int nParams,
                      const Oid *paramTypes, const char *const *paramValues,
                      const int *paramLengths, const int *paramFormats,
                      int resultFormat);
int PQconsumeInput(PGconn *conn);
int PQisBusy(PGconn *conn);
int PQsetnonblocking(PGconn *conn, int arg);
PGresult *PQgetResult(PGconn *conn);

ExecStatusType PQresultStatus(const PGresult *res);
int PQntuples(const PGresult *res);
char *PQgetvalue(const PGresult *res, int tup_num, int field_num);
void PQclear(PGresult *res);

#ifdef __cplusplus
}
#endif

#endif
