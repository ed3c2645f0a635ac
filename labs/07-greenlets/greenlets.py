# greenlets.py: greenlet's two classic examples, written fresh. Run with python3 and
# Debian's python3-greenlet; demo_greenlets prints the same lines.
from greenlet import greenlet


# [ping_pong]
def first():
    print(12)
    second_g.switch()
    print(34)


def second():
    print(56)
    first_g.switch()
    print(78)  # never printed: nobody switches back to second


first_g = greenlet(first)
second_g = greenlet(second)
first_g.switch()
# [/ping_pong]


# [values]
def test1(x, y):
    z = test2_g.switch(x + y)
    print("test1 got", z)
    return z * 10


def test2(u):
    print("test2 got", u)
    v = test1_g.switch(u * 2)
    print("never printed", v)


test1_g = greenlet(test1)
test2_g = greenlet(test2)
print("main got", test1_g.switch(20, 22))
print("test1 dead:", test1_g.dead)
# [/values]
