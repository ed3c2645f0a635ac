// sandbox: the level, the user drop, the limits and the sweep. See sandbox.h.
#include "sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox_ns.h"

const char *sandbox_level_name(enum sandbox_level level)
{
    switch (level) {
    case SANDBOX_NAMESPACES: return "namespaces";
    case SANDBOX_USER: return "user";
    case SANDBOX_NONE: return "none";
    }
    return "?";
}

static int drop_to(uid_t uid)
{
    return setgroups(0, NULL) == 0 && setresgid(uid, uid, uid) == 0 && setresuid(uid, uid, uid) == 0 ? 0 : -1;
}

// 1 when a child can become uid (a container's user namespace may map only low uids).
static int can_become(uid_t uid)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(drop_to(uid) == 0 ? 0 : 1);
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void sandbox_detect(struct sandbox *s, FILE *report)
{
    // Orphans of student code come back to the grader, which kills and reaps them.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    // A closed stdout (`grade | head`) must not kill the grader mid-run and leave its scratch
    // copy behind: it grades on and writes the results. sandbox_enter restores it for the tests.
    signal(SIGPIPE, SIG_IGN);
    const char *forced = getenv("GRADE_SANDBOX");
    enum sandbox_level want = SANDBOX_NAMESPACES;
    if (forced && strcmp(forced, "user") == 0)
        want = SANDBOX_USER;
    else if (forced && strcmp(forced, "none") == 0)
        want = SANDBOX_NONE;
    // One user per grader run, so that two graders on one machine never kill each other's tests.
    s->uid = (uid_t)(200000 + getpid());
    if (geteuid() == 0 && !can_become(s->uid))
        s->uid = (uid_t)(60000 + getpid() % 5000);
    if (geteuid() != 0 || !can_become(s->uid))
        s->level = SANDBOX_NONE;
    else if (want == SANDBOX_NAMESPACES && sandbox_ns_works())
        s->level = SANDBOX_NAMESPACES;
    else
        s->level = want == SANDBOX_NONE ? SANDBOX_NONE : SANDBOX_USER;
    if (s->level == SANDBOX_NONE)
        s->uid = geteuid();

    fprintf(report, "Sandbox: %s", sandbox_level_name(s->level));
    if (s->level != SANDBOX_NONE)
        fprintf(report, " (student code runs as uid %u)", (unsigned)s->uid);
    if (forced && strcmp(forced, sandbox_level_name(s->level)) != 0)
        fprintf(report, " (GRADE_SANDBOX=%s asked for more than this machine allows)", forced);
    fprintf(report, "\n");
    if (s->level == SANDBOX_USER)
        fprintf(report, "  without namespaces: student code can read what every user may read (keep the checkout "
                        "mode 700), reach the network, and sees the machine's /tmp; its processes are still "
                        "killed by user after each test\n");
    if (s->level == SANDBOX_NONE)
        fprintf(report, "  not root: student code runs as %s user, can read and write what that user can "
                        "(solutions/, the outputs), and reach the network; only the limits, the process group "
                        "and the orphans the grader reaps are enforced\n", geteuid() == 0 ? "the grader's" : "your");
}

void sandbox_limit(struct sandbox *s, const struct sandbox_policy *policy, double scale)
{
    s->processes = policy->processes;
    s->open_files = policy->open_files;
    s->cpu_s = (long)(policy->cpu_s * scale + 0.5);
    s->file_size_mb = policy->file_size_mb;
}

static void limit(int resource, rlim_t value)
{
    struct rlimit r = {value, value};
    setrlimit(resource, &r);
}

void sandbox_enter(const struct sandbox *s)
{
    // If the grader dies, so does the run: at level namespaces this process waits outside the
    // namespace, and its death takes the namespace's init, and so everything in it, along.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGPIPE, SIG_DFL); // an ignored signal would stay ignored across exec
    setpgid(0, 0);
    if (s->level == SANDBOX_NAMESPACES && sandbox_ns_enter(s->scratch) != 0)
        _exit(126);
    limit(RLIMIT_CPU, (rlim_t)s->cpu_s);
    limit(RLIMIT_FSIZE, (rlim_t)s->file_size_mb << 20);
    limit(RLIMIT_NOFILE, (rlim_t)s->open_files);
    limit(RLIMIT_CORE, 0);
    if (s->level != SANDBOX_NONE) {
        // Counted per user: the sandbox user is this run's alone, so this bounds the run.
        limit(RLIMIT_NPROC, (rlim_t)s->processes);
        if (chdir(s->inside) != 0 || drop_to(s->uid) != 0) {
            dprintf(STDERR_FILENO, "grade: sandbox: cannot become uid %u: %s\n", (unsigned)s->uid, strerror(errno));
            _exit(126);
        }
        setenv("HOME", "/tmp", 1);
    } else if (chdir(s->inside) != 0) {
        _exit(126);
    }
    umask(022);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL); // set after the drop, which clears it
}

// Kills, as the sandbox user itself, every process that user has: kill(-1) reaches exactly
// the processes a user may signal, its own, and a fork bomb cannot outrun the loop.
static void kill_user(uid_t uid)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (drop_to(uid) != 0)
            _exit(1);
        for (int i = 0; i < 1000 && kill(-1, SIGKILL) == 0; i++)
            continue;
        _exit(0);
    }
    int status;
    if (pid > 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            continue;
}

static pid_t parent_of(const char *pid)
{
    char path[300], buf[512];
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    FILE *f = fopen(path, "r");
    int ppid = 0;
    if (f && fgets(buf, sizeof buf, f)) {
        char *name_end = strrchr(buf, ')'); // the command name may hold spaces and parentheses
        if (!name_end || sscanf(name_end + 2, "%*c %d", &ppid) != 1)
            ppid = 0;
    }
    if (f)
        fclose(f);
    return ppid;
}

// Orphans reparented to the grader (a subreaper): at level none they are what setsid() or a
// double fork took out of the test's process group. Every child is waited for by now, so any
// child still running is one of them.
static void kill_orphans(void)
{
    for (int round = 0; round < 200; round++) {
        pid_t got;
        while ((got = waitpid(-1, NULL, WNOHANG)) > 0)
            continue;
        if (got < 0 && errno == ECHILD)
            return;
        DIR *proc = opendir("/proc");
        for (struct dirent *e; proc && (e = readdir(proc));)
            if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && parent_of(e->d_name) == getpid())
                kill(atoi(e->d_name), SIGKILL);
        if (proc)
            closedir(proc);
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
}

void sandbox_sweep(const struct sandbox *s, pid_t pid)
{
    if (pid > 0)
        kill(-pid, SIGKILL);
    if (s->level != SANDBOX_NONE)
        kill_user(s->uid);
    kill_orphans();
}
