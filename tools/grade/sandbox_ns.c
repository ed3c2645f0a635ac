// sandbox_ns: new PID, mount and network namespaces, and a root of the scratch copy's own.
#include "sandbox_ns.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "make_dirs.h"

#define NAMESPACES (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET)

static int say(const char *what, const char *path)
{
    dprintf(STDERR_FILENO, "grade: sandbox: %s %s: %s\n", what, path, strerror(errno));
    return -1;
}

// A read-only bind mount of the host's path at root/path.
static int bind_readonly(const char *root, const char *path)
{
    char at[PATH_MAX];
    snprintf(at, sizeof at, "%s%s", root, path);
    make_dirs(at, 0755); // if it fails, the mount below says so
    if (mount(path, at, NULL, MS_BIND | MS_REC, NULL) != 0 ||
        mount(NULL, at, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID, NULL) != 0)
        return say("cannot bind", path);
    return 0;
}

static int tmpfs(const char *root, const char *path, const char *options)
{
    char at[PATH_MAX];
    snprintf(at, sizeof at, "%s%s", root, path);
    make_dirs(at, 0755); // if it fails, the mount below says so
    if (mount("tmpfs", at, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
        return say("cannot mount a tmpfs at", path);
    return 0;
}

// /bin, /lib, /lib64, /sbin: symbolic links into /usr on merged-/usr systems, else bound.
static int top_level_dirs(const char *root)
{
    static const char *const dirs[] = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        struct stat st;
        char target[PATH_MAX], at[PATH_MAX];
        if (lstat(dirs[i], &st) != 0)
            continue;
        snprintf(at, sizeof at, "%s%s", root, dirs[i]);
        ssize_t n = S_ISLNK(st.st_mode) ? readlink(dirs[i], target, sizeof target - 1) : -1;
        if (n > 0) {
            target[n] = '\0';
            if (symlink(target, at) != 0)
                return say("cannot link", dirs[i]);
        } else if (S_ISDIR(st.st_mode) && bind_readonly(root, dirs[i]) != 0) {
            return -1;
        }
    }
    return 0;
}

// /dev: the few devices a test may use, bound one by one, and a private /dev/shm (Criterion
// names its shared memory by pid, which repeats across PID namespaces: shared, two runs collide).
static int devices(const char *root)
{
    if (tmpfs(root, "/dev", "size=64k,mode=755") != 0)
        return -1;
    static const char *const nodes[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"};
    for (size_t i = 0; i < sizeof nodes / sizeof *nodes; i++) {
        char at[PATH_MAX];
        snprintf(at, sizeof at, "%s%s", root, nodes[i]);
        int fd = open(at, O_CREAT | O_WRONLY, 0666);
        if (fd < 0)
            return say("cannot create", nodes[i]);
        close(fd);
        if (mount(nodes[i], at, NULL, MS_BIND, NULL) != 0)
            return say("cannot bind", nodes[i]);
    }
    char at[PATH_MAX];
    snprintf(at, sizeof at, "%s/dev/fd", root);
    if (symlink("/proc/self/fd", at) != 0)
        return say("cannot link", "/dev/fd");
    return tmpfs(root, "/dev/shm", "size=64m,mode=1777");
}

static int loopback_up(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr = {0};
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    int ok = fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    ok = ok && ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
    if (fd >= 0)
        close(fd);
    return ok ? 0 : say("cannot bring up", "lo");
}

// The new root, in a tmpfs on scratch/root that only this mount namespace sees.
static int build_root(const char *scratch, char *root, size_t len)
{
    snprintf(root, len, "%s/root", scratch);
    char work[PATH_MAX];
    snprintf(work, sizeof work, "%s/work", root);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return say("cannot make private", "/");
    if (tmpfs(root, "", "size=1m,mode=755") != 0 || bind_readonly(root, "/usr") != 0 ||
        bind_readonly(root, "/etc") != 0 || top_level_dirs(root) != 0 || devices(root) != 0 ||
        tmpfs(root, "/tmp", "size=256m,mode=1777") != 0)
        return -1;
    make_dirs(work, 0755);
    if (mount(scratch, work, NULL, MS_BIND, NULL) != 0)
        return say("cannot bind the scratch copy at", "/work");
    char proc[PATH_MAX];
    snprintf(proc, sizeof proc, "%s/proc", root);
    make_dirs(proc, 0555);
    if (mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        return say("cannot mount", "/proc");
    return 0;
}

// Waits for pid and returns its wait status; reaps every other child (orphans) on the way.
static int wait_for(pid_t pid)
{
    int status = 0, st;
    for (;;) {
        pid_t got = wait(&st);
        if (got == pid)
            return st;
        if (got < 0 && errno != EINTR)
            return status;
    }
}

// Passes a wait status on as our own: the same exit code, or death by the same signal.
static void end_like(int status)
{
    if (WIFSIGNALED(status)) {
        signal(WTERMSIG(status), SIG_DFL);
        prctl(PR_SET_DUMPABLE, 0);
        raise(WTERMSIG(status));
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 125);
}

int sandbox_ns_enter(const char *scratch)
{
    if (unshare(NAMESPACES) != 0)
        return say("cannot unshare", "namespaces");
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        return -1;
    pid_t init = fork();
    if (init < 0)
        return -1;
    if (init > 0) {
        // Outside the namespace, still root: waits and ends as the test did.
        close(pipefd[1]);
        wait_for(init);
        int status = 125 << 8;
        if (read(pipefd[0], &status, sizeof status) != sizeof status)
            status = 125 << 8;
        end_like(status);
    }
    // pid 1 of the new namespace: when it ends, the kernel kills everything left in it.
    close(pipefd[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char root[128]; // the scratch copy is /tmp/grade-XXXXXX (scratch.c)
    if (strlen(scratch) + sizeof "/root" > sizeof root || build_root(scratch, root, sizeof root) != 0 ||
        loopback_up() != 0)
        _exit(126);
    pid_t worker = fork();
    if (worker < 0)
        _exit(126);
    if (worker > 0) {
        int status = wait_for(worker);
        if (write(pipefd[1], &status, sizeof status) != sizeof status)
            _exit(125);
        _exit(0);
    }
    close(pipefd[1]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (chroot(root) != 0 || chdir("/work") != 0)
        _exit(say("cannot enter", root) ? 126 : 126);
    return 0;
}

int sandbox_ns_works(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char dir[] = "/tmp/grade-probe-XXXXXX";
        int ok = unshare(NAMESPACES) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
                 mkdtemp(dir) && mount("tmpfs", dir, "tmpfs", 0, "size=64k") == 0;
        if (ok)
            umount(dir);
        rmdir(dir);
        _exit(ok ? 0 : 1);
    }
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
