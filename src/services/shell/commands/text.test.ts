import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

const input =
  'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n';

describe('grep', () => {
  it('matches BRE by default, ERE with -E, fixed strings with -F', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['grep', 'o\\{2\\}t', '-'], input)).stdout).toBe(
      'root:x:0:0:root:/root:/bin/bash\n',
    );
    expect((await sh.run(['grep', '-E', '^(root|ubuntu):', '-'], input)).stdout.split('\n')).toHaveLength(3);
    expect((await sh.run(['grep', '-F', '.*', '-'], 'a.*b\nab\n')).stdout).toBe('a.*b\n');
  });

  it('supports -i -v -c -n -o -w -x -l -h and context', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['grep', '-c', 'bash', '-'], input)).stdout).toBe('2\n');
    expect((await sh.run(['grep', '-vn', 'bash', '-'], input)).stdout).toBe(
      '2:daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    );
    expect((await sh.run(['grep', '-oE', '[0-9]+', '-'], 'a 12 b 345\n')).stdout).toBe('12\n345\n');
    expect((await sh.run(['grep', '-w', 'bin', '-'], 'sbin\n/bin/sh\n')).stdout).toBe('/bin/sh\n');
    expect((await sh.run(['grep', '-x', 'ab', '-'], 'ab\nabc\n')).stdout).toBe('ab\n');
    expect((await sh.run(['grep', '-i', 'UBUNTU', '-'], input)).stdout).toContain('ubuntu:x:1000');
    expect((await sh.run(['grep', '-A1', 'daemon', '-'], input)).stdout).toBe(
      'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n',
    );
    expect((await sh.run('grep -l root /etc/passwd /etc/hostname')).stdout).toBe('/etc/passwd\n');
  });

  it('searches trees with -r and names files', async () => {
    const r = await testShell({ distro: 'debian12' }).run('grep -rn PermitRootLogin /etc/ssh');
    expect(r.stdout).toBe('/etc/ssh/sshd_config:34:PermitRootLogin yes\n');
  });

  it('reports errors with status 2 and no match with 1', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect(await sh.run('grep x /nope')).toEqual({
      stdout: '',
      stderr: 'grep: /nope: No such file or directory\n',
      status: 2,
    });
    expect((await sh.run(['grep', 'zzz', '-'], input)).status).toBe(1);
    expect(await sh.run(['grep', 'a\\(', '-'], 'a\n')).toEqual({
      stdout: '',
      stderr: 'grep: Unmatched ( or \\(\n',
      status: 2,
    });
    expect((await sh.run('grep root /etc')).stderr).toBe('grep: /etc: Is a directory\n');
  });

  it('says a binary file matches on stderr (grep ≥ 3.5), on stdout before', async () => {
    expect((await testShell({ distro: 'debian12' }).run('grep GLIBC /usr/bin/ls')).stderr).toBe(
      'grep: /usr/bin/ls: binary file matches\n',
    );
    expect((await testShell({ distro: 'centos7' }).run('grep GLIBC /usr/bin/ls')).stdout).toBe(
      'Binary file /usr/bin/ls matches\n',
    );
  });

  it('warns that egrep is obsolescent on grep 3.8, not on 3.7', async () => {
    expect((await testShell({ distro: 'debian12' }).run(['egrep', 'a', '-'], 'a\n')).stderr).toBe(
      'egrep: warning: egrep is obsolescent; using grep -E\n',
    );
    expect((await testShell({ distro: 'ubuntu22' }).run(['egrep', 'a', '-'], 'a\n')).stderr).toBe('');
  });

  it('finishes a catastrophic pattern on a long line quickly', async () => {
    const started = performance.now();
    const r = await testShell({ distro: 'debian12' }).run(
      ['grep', '-E', '(a+)+$', '-'],
      `${'a'.repeat(20_000)}b\n`,
    );
    expect(r.status).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('sed', () => {
  it('substitutes with groups, & and flags, prints and deletes by address', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['sed', 's/\\(o\\+\\)/[\\1]/g', '-'], 'foo boo\n')).stdout).toBe('f[oo] b[oo]\n');
    expect((await sh.run(['sed', '-E', 's/([a-z]+)@/<&>/', '-'], 'x user@host\n')).stdout).toBe(
      'x <user@>host\n',
    );
    expect((await sh.run(['sed', '-n', '2p', '-'], input)).stdout).toBe(
      'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    );
    expect((await sh.run(['sed', '/daemon/d', '-'], input)).stdout.split('\n')).toHaveLength(3);
    expect((await sh.run(['sed', '1!G;h;$!d', '-'], '1\n2\n3\n')).stdout).toBe('3\n2\n1\n');
    expect((await sh.run(['sed', 's/a/b/2', '-'], 'aaa\n')).stdout).toBe('aba\n');
  });

  it('edits files in place with -i', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect(
      (await sh.run(['sed', '-i', 's/^PermitRootLogin.*/PermitRootLogin no/', '/etc/ssh/sshd_config']))
        .status,
    ).toBe(0);
    expect(sh.fs.readFile('/etc/ssh/sshd_config').toString()).toContain('\nPermitRootLogin no\n');
    expect(sh.written.at(-1)?.path).toBe('/etc/ssh/sshd_config');
  });

  it('reports script errors as GNU sed does', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect(await sh.run(['sed', 's/a/b', '-'], 'a\n')).toEqual({
      stdout: '',
      stderr: "sed: -e expression #1, char 5: unterminated `s' command\n",
      status: 1,
    });
    expect((await sh.run(['sed', 'k', '-'], 'a\n')).stderr).toBe(
      "sed: -e expression #1, char 1: unknown command: `k'\n",
    );
    expect((await sh.run('sed p /nope')).stderr).toBe("sed: can't read /nope: No such file or directory\n");
  });
});

describe('awk', () => {
  it('prints fields with -F, NF, NR and patterns', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['awk', '-F:', '{print $1,$NF}', '-'], input)).stdout).toBe(
      'root /bin/bash\ndaemon /usr/sbin/nologin\nubuntu /bin/bash\n',
    );
    expect((await sh.run(['awk', '-F:', '$3 >= 1000 {print $1}', '-'], input)).stdout).toBe('ubuntu\n');
    expect((await sh.run(['awk', 'NR==2{print $2}', '-'], 'a b\nc d\n')).stdout).toBe('d\n');
    expect((await sh.run(['awk', '/da/ {print NR": "$0}', '-'], 'x\nda\n')).stdout).toBe('2: da\n');
  });

  it('keeps state across records, runs BEGIN and END, formats with printf', async () => {
    const sh = testShell({ distro: 'rocky9' });
    expect(
      (await sh.run(['awk', '{s+=$1} END {printf "%d %.2f\\n", s, s/NR}', '-'], '1\n2\n4\n')).stdout,
    ).toBe('7 2.33\n');
    expect((await sh.run(['awk', 'BEGIN{OFS="-"} {$1=$1; print}', '-'], 'a b c\n')).stdout).toBe('a-b-c\n');
    expect(
      (await sh.run(['awk', '{c[$1]++} END {for (k in c) print k, c[k]}', '-'], 'x\ny\nx\n')).stdout,
    ).toBe('x 2\ny 1\n');
    expect(
      (await sh.run(['awk', '{ print length($0), toupper(substr($0, 2, 3)) }', '-'], 'hello\n')).stdout,
    ).toBe('5 ELL\n');
    expect((await sh.run(['awk', '{gsub(/o/, "0"); print}', '-'], 'foo\n')).stdout).toBe('f00\n');
  });

  it('handles the attacker’s usual free/cpuinfo one-liners', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const free = (await sh.run("free -m | grep Mem | awk '{print $2 ,$3, $4, $5, $6, $7}'")).stdout;
    expect(free).toMatch(/^\d+ \d+ \d+ \d+ \d+ \d+\n$/);
    expect((await sh.run("awk '{print $4,$5,$6,$7,$8,$9;}'", 'a b c d e f g h i j\n')).stdout).toBe(
      'd e f g h i\n',
    );
  });

  it('reports syntax errors in the distro awk’s words (mawk on Debian, gawk on Red Hat)', async () => {
    expect((await testShell({ distro: 'debian12' }).run(['awk', '{print $1'], '')).stderr).toMatch(
      /^awk: line 1: /,
    );
    expect((await testShell({ distro: 'rocky9' }).run(['awk', '{print $1'], '')).stderr).toMatch(
      /^awk: cmd\. line:1: \{print \$1\nawk: cmd\. line:1: +\^ /,
    );
  });

  it('stops an endless loop at the step bound', async () => {
    const r = await testShell({ distro: 'debian12' }).run(['awk', 'BEGIN { while (1) x++ }'], '');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('program ran too long');
  });
});

describe('head, tail, wc, sort, uniq, cut, tr', () => {
  it('slices lines and bytes', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['head', '-n', '1', '-'], input)).stdout).toBe('root:x:0:0:root:/root:/bin/bash\n');
    expect((await sh.run(['head', '-2', '-'], input)).stdout.split('\n')).toHaveLength(3);
    expect((await sh.run(['tail', '-n', '1', '-'], input)).stdout).toBe(
      'ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n',
    );
    expect((await sh.run('head -c 4 /usr/bin/ls')).stdout).toBe('\x7fELF');
    expect((await sh.run('tail -f /etc/hostname')).stdout).toBe('web-01\n');
  });

  it('counts as wc does, padding only when several numbers are shown', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['wc', '-l'], input)).stdout).toBe('3\n');
    expect((await sh.run(['wc'], 'a b\nc\n')).stdout).toBe('      2       3       6\n');
    expect((await sh.run('wc -c /etc/hostname')).stdout).toBe('7 /etc/hostname\n');
  });

  it('sorts, dedups and counts', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['sort', '-n'], '10\n9\n100\n')).stdout).toBe('9\n10\n100\n');
    expect((await sh.run(['sort', '-t:', '-k3', '-n', '-r'], input)).stdout.split('\n')[0]).toMatch(
      /^ubuntu:/,
    );
    expect((await sh.run('sort | uniq -c', 'b\na\nb\n')).stdout).toBe('      1 a\n      2 b\n');
  });

  it('cuts fields and translates characters', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['cut', '-d:', '-f1,7'], input)).stdout).toBe(
      'root:/bin/bash\ndaemon:/usr/sbin/nologin\nubuntu:/bin/bash\n',
    );
    expect((await sh.run(['cut', '-c', '1-3'], 'abcdef\n')).stdout).toBe('abc\n');
    expect((await sh.run(['tr', 'a-z', 'A-Z'], 'abc\n')).stdout).toBe('ABC\n');
    expect((await sh.run(['tr', '-d', '[:digit:]'], 'a1b2\n')).stdout).toBe('ab\n');
    expect((await sh.run(['tr', '-s', ' '], 'a   b\n')).stdout).toBe('a b\n');
    expect(await sh.run(['cut', '-f0'], '')).toMatchObject({ status: 1 });
  });
});

describe('base64, hashes, xargs', () => {
  it('round-trips base64 and digests like coreutils', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['base64'], 'hello\n')).stdout).toBe('aGVsbG8K\n');
    expect((await sh.run(['base64', '-d'], 'aGVsbG8K\n')).stdout).toBe('hello\n');
    expect((await sh.run(['md5sum'], 'hello\n')).stdout).toBe('b1946ac92492d2347c6235b4d2611184  -\n');
    expect((await sh.run(['sha256sum', '/etc/hostname'])).stdout).toMatch(
      /^[0-9a-f]{64} {2}\/etc\/hostname\n$/,
    );
  });

  it('runs the command through the shell with the items as arguments', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run(['xargs', 'echo', 'got'], 'a b\nc\n')).stdout).toBe('got a b c\n');
    expect((await sh.run(['xargs', '-n1', 'echo'], 'a b\n')).stdout).toBe('a\nb\n');
    expect((await sh.run(['xargs', '-I{}', 'echo', '[{}]'], 'x\ny\n')).stdout).toBe('[x]\n[y]\n');
  });
});
