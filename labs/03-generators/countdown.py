"""The simplest generator: stepped with next(), then drained until it returns.

The Python original of demo_countdown. Run it: python3 countdown.py
"""


# [countdown]
def countdown(n):
    print("Starting")  # runs at the first next(), not when countdown(5) is called
    while n > 0:
        yield n
        n -= 1
    return "liftoff"
# [/countdown]


def main():
    # [session]
    g = countdown(5)
    print("created, nothing printed yet")
    print("next:", next(g))
    print("next:", next(g))
    while True:  # drain the rest, keeping the return value a for loop would hide
        try:
            value = next(g)
        except StopIteration as stop:
            print("returned:", stop.value)
            break
        print("drained:", value)
    try:
        next(g)
    except StopIteration:
        print("next again: StopIteration (exhausted)")
    # [/session]


if __name__ == "__main__":
    main()
