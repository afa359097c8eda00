// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// MySQL 8.0 <mysql.h> (https://dev.mysql.com/doc/c-api/8.0/en/).
#ifndef ASYNCGUARD_FAKE_MYSQL_H
#define ASYNCGUARD_FAKE_MYSQL_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct MYSQL MYSQL;
typedef struct MYSQL_RES MYSQL_RES;
typedef struct MYSQL_STMT MYSQL_STMT;
typedef char **MYSQL_ROW;
typedef char my_bool;

MYSQL *mysql_init(MYSQL *mysql);
MYSQL *mysql_real_connect(MYSQL *mysql, const char *host, const char *user,
                          const char *passwd, const char *db, unsigned int port,
                          const char *unix_socket, unsigned long clientflag);
int mysql_query(MYSQL *mysql, const char *q);
int mysql_real_query(MYSQL *mysql, const char *q, unsigned long length);
MYSQL_RES *mysql_store_result(MYSQL *mysql);
MYSQL_RES *mysql_use_result(MYSQL *mysql);
MYSQL_ROW mysql_fetch_row(MYSQL_RES *result);
unsigned int mysql_num_fields(MYSQL_RES *res);
void mysql_free_result(MYSQL_RES *result);
int mysql_ping(MYSQL *mysql);
const char *mysql_error(MYSQL *mysql);
void mysql_close(MYSQL *sock);

MYSQL_STMT *mysql_stmt_init(MYSQL *mysql);
int mysql_stmt_prepare(MYSQL_STMT *stmt, const char *query, unsigned long length);
int mysql_stmt_execute(MYSQL_STMT *stmt);
int mysql_stmt_fetch(MYSQL_STMT *stmt);
my_bool mysql_stmt_close(MYSQL_STMT *stmt);

#ifdef __cplusplus
}
#endif

#endif
