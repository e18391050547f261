import { describe, expect, it } from "vitest";
import { throttleAddress, throttleKeys } from "./throttle.server";

describe("the address the sign-in throttle counts", () => {
  it("counts an IPv6 address by its /64 network, so a machine cannot guess from a fresh address each time", () => {
    const a = throttleAddress("2001:db8:85a3:17::1");
    expect(a).toBe("2001:db8:85a3:17::/64");
    expect(throttleAddress("2001:0db8:85a3:0017:ffff:ffff:ffff:fffe")).toBe(a);
    expect(throttleAddress("2001:db8:85a3:17:abcd::9")).toBe(a);
    expect(throttleAddress("2001:db8:85a3:18::1")).not.toBe(a);
    expect(throttleAddress("::1")).toBe("0:0:0:0::/64");
    expect(throttleAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(throttleKeys({ email: "A@x.org", ip: "2001:db8:85a3:17::2" })).toEqual(throttleKeys({ email: "a@x.org", ip: "2001:db8:85a3:17::99" }));
  });

  it("reads an IPv4-mapped address as IPv4, and keeps IPv4 and unknown values as they are", () => {
    expect(throttleAddress("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(throttleAddress("192.0.2.7")).toBe("192.0.2.7");
    expect(throttleAddress("unknown")).toBe("unknown");
  });
});
