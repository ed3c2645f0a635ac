"""A generator that receives values: c += yield i, driven by send().

The Python original of demo_accumulator. Run it: python3 accumulator.py
"""


# [accumulator]
def accumulator():
    c = 0
    i = 0
    while True:
        c += yield i  # yield i to the caller; the value it sends back is added to c
        print("c =", c)
        i += 1
# [/accumulator]


def main():
    # [session]
    g = accumulator()
    try:
        g.send(10)
    except TypeError as error:
        print("send(10) before starting:", error)
    print("next:", next(g))  # runs to the first yield
    for x in (10, 5, 20, 1.5):
        print("send", x, "->", g.send(x))
    g.close()
    try:
        g.send(1)
    except StopIteration:
        print("send after close: StopIteration")
    # [/session]


if __name__ == "__main__":
    main()
