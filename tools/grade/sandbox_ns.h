// sandbox_ns: the namespaces level of the sandbox (see sandbox.h): a PID namespace whose init
// reaps and takes everything with it when it ends, a mount namespace with a chroot of its own,
// and a network namespace where only the loopback is up.
#ifndef SANDBOX_NS_H
#define SANDBOX_NS_H

// 1 when this process may create the namespaces and mounts below (tried in a child).
int sandbox_ns_works(void);

// Enters new namespaces and a root made of scratch (see sandbox.h). Returns 0 in the one
// process that is to go on (pid 2 of the namespace, chrooted, cwd /work, still root); the
// processes above it wait and pass its wait status on, and never return. -1 on failure.
int sandbox_ns_enter(const char *scratch);

#endif
