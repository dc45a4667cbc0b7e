/*
 * Shell variables.  Every variable lives in one table, with a flag saying
 * whether it is exported; the environment a child gets is rebuilt from
 * the table at each exec (vars_environ), so `export' and assignments need
 * no bookkeeping in the C library's environ.  A table of a few dozen
 * entries searched linearly is plenty for a shell.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct var {
    char *name;
    char *value;            /* NULL: declared (export NAME) but unset */
    bool exported;
};

static struct var *vars;
static int nvars, capvars;

bool var_name_ok(const char *s, size_t len)
{
    if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

static struct var *find(const char *name)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0)
            return &vars[i];
    return NULL;
}

static struct var *create(const char *name)
{
    if (nvars == capvars) {
        capvars = capvars ? capvars * 2 : 32;
        vars = xrealloc(vars, (size_t)capvars * sizeof *vars);
    }
    struct var *v = &vars[nvars++];
    *v = (struct var){ .name = xstrdup(name) };
    return v;
}

const char *var_get(const char *name)
{
    struct var *v = find(name);
    return v ? v->value : NULL;
}

/* export true marks the variable exported; false leaves the mark as it was. */
int var_set(const char *name, const char *value, bool export)
{
    if (!var_name_ok(name, strlen(name))) {
        sh_error("%s: not a valid identifier", name);
        return -1;
    }
    struct var *v = find(name);
    if (!v)
        v = create(name);
    char *copy = xstrdup(value);
    free(v->value);
    v->value = copy;
    v->exported |= export;
    return 0;
}

int var_unset(const char *name)
{
    struct var *v = find(name);
    if (!v)
        return 0;
    free(v->name);
    free(v->value);
    *v = vars[--nvars];
    return 0;
}

int var_export(const char *name)
{
    if (!var_name_ok(name, strlen(name))) {
        sh_error("export: %s: not a valid identifier", name);
        return -1;
    }
    struct var *v = find(name);
    if (!v)
        v = create(name);
    v->exported = true;
    return 0;
}

/* Import NAME=VALUE strings (exported); set what a shell needs if missing. */
void vars_init(char **envp)
{
    for (char **e = envp; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || !var_name_ok(*e, (size_t)(eq - *e)))
            continue;
        char *name = strndup(*e, (size_t)(eq - *e));
        if (name)
            var_set(name, eq + 1, true);
        free(name);
    }
    if (!var_get("PATH"))
        var_set("PATH", "/bin", true);
    if (!var_get("HOME"))
        var_set("HOME", "/", true);
    if (!var_get("IFS"))
        var_set("IFS", " \t\n", false);
}

char **vars_environ(void)
{
    struct strlist env = { 0 };
    for (int i = 0; i < nvars; i++) {
        if (!vars[i].exported || !vars[i].value)
            continue;
        size_t len = strlen(vars[i].name) + strlen(vars[i].value) + 2;
        char *s = xmalloc(len);
        snprintf(s, len, "%s=%s", vars[i].name, vars[i].value);
        strlist_push(&env, s);
    }
    if (!env.v)
        strlist_push(&env, NULL), env.n = 0;    /* an empty, terminated array */
    return env.v;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct var *)a)->name, ((const struct var *)b)->name);
}

/* `set' and `export' without arguments: NAME='VALUE' lines, sorted. */
void vars_print(bool exported_only)
{
    qsort(vars, (size_t)nvars, sizeof *vars, by_name);
    for (int i = 0; i < nvars; i++) {
        if (exported_only && !vars[i].exported)
            continue;
        if (!vars[i].value) {
            printf("export %s\n", vars[i].name);
            continue;
        }
        printf("%s%s='", exported_only ? "export " : "", vars[i].name);
        for (const char *p = vars[i].value; *p; p++)
            if (*p == '\'')
                fputs("'\\''", stdout);
            else
                putchar(*p);
        printf("'\n");
    }
}
