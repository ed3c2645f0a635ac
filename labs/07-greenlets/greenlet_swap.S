// greenlet_swap: the switch itself, for the two machines we know.
//
//   void *greenlet_swap(void **save_sp, void *load_sp, void *pass)
//
// Pushes the registers the calling convention says a function must give back unchanged
// (the callee-saved ones, and the floating-point control words), stores the stack
// pointer in *save_sp, loads load_sp, pops the other context's registers and returns
// into it with `pass` as the return value. Caller-saved registers need no saving: the
// C compiler already assumes a call destroys them.
//
// A new context's stack is laid out by greenlet_context.c as if greenlet_swap had
// pushed it, with greenlet_trampoline as its return address and the entry function in
// a saved register.
#if defined(__x86_64__) && !defined(GREENLET_UCONTEXT)
// [x86_64]
    .text
    .globl greenlet_swap
    .type greenlet_swap, @function
greenlet_swap:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)          // SSE rounding mode and exception masks
    fnstcw 4(%rsp)          // x87 precision and rounding control
    movq %rsp, (%rdi)       // this context is now suspended here
    movq %rsi, %rsp         // and the other one is running
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    movq %rdx, %rax         // what the other side's greenlet_swap returns
    ret
    .size greenlet_swap, .-greenlet_swap

// A new context "returns" here from its first swap: r12 holds the entry function, rax
// what the swap passed. The entry never returns; ud2 stops the program if it ever
// does.
    .globl greenlet_trampoline
    .type greenlet_trampoline, @function
greenlet_trampoline:
    movq %rax, %rdi
    callq *%r12
    ud2
    .size greenlet_trampoline, .-greenlet_trampoline
// [/x86_64]
#elif defined(__aarch64__) && !defined(GREENLET_UCONTEXT)
// [aarch64]
    .text
    .globl greenlet_swap
    .type greenlet_swap, %function
greenlet_swap:
    sub sp, sp, #176
    stp x19, x20, [sp, #0]
    stp x21, x22, [sp, #16]
    stp x23, x24, [sp, #32]
    stp x25, x26, [sp, #48]
    stp x27, x28, [sp, #64]
    stp x29, x30, [sp, #80]     // frame pointer and return address
    stp d8, d9, [sp, #96]       // the low halves of v8-v15 are callee-saved
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    mrs x9, fpcr                // rounding mode and traps
    str x9, [sp, #160]
    mov x9, sp
    str x9, [x0]
    mov sp, x1
    ldr x9, [sp, #160]
    msr fpcr, x9
    ldp d14, d15, [sp, #144]
    ldp d12, d13, [sp, #128]
    ldp d10, d11, [sp, #112]
    ldp d8, d9, [sp, #96]
    ldp x29, x30, [sp, #80]
    ldp x27, x28, [sp, #64]
    ldp x25, x26, [sp, #48]
    ldp x23, x24, [sp, #32]
    ldp x21, x22, [sp, #16]
    ldp x19, x20, [sp, #0]
    add sp, sp, #176
    mov x0, x2
    ret
    .size greenlet_swap, .-greenlet_swap

// x19 holds the entry function, x0 already what the swap passed.
    .globl greenlet_trampoline
    .type greenlet_trampoline, %function
greenlet_trampoline:
    blr x19
    brk #0
    .size greenlet_trampoline, .-greenlet_trampoline
// [/aarch64]
#endif
#if defined(__linux__) && defined(__ELF__)
    .section .note.GNU-stack, "", %progbits
#endif
