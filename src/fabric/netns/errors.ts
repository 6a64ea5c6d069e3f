/**
 * Errors of the netns driver. Each names what failed and the kernel's own words, so an operator can act
 * on it (STYLE.md: errors name what failed and what to do).
 */

/** An `ip` command failed: `command` is what ran, `kernelMessage` what iproute2 printed. */
export class IpError extends Error {
  readonly command: string;
  readonly kernelMessage: string;
  /** For an `ip -batch` run: index (0-based) of the line that failed in the lines given. */
  readonly line: number | undefined;

  constructor(command: string, kernelMessage: string, line?: number) {
    super(`${command}: ${kernelMessage}`);
    this.name = 'IpError';
    this.command = command;
    this.kernelMessage = kernelMessage;
    this.line = line;
  }
}

/** Decky networks could not be created or removed, or were described wrongly; `cause` holds the IpError. */
export class DeckyNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeckyNetworkError';
  }
}

/** A name given to the driver (decky, tag, namespace, interface) is not one it accepts. */
export class InvalidNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidNameError';
  }
}
