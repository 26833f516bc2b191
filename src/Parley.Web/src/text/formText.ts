import type { NameProblem } from '../core/roomName';

/** What to fix in a room name. */
export function roomProblemText(problem: NameProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'Enter a room name.';
    case 'too-long':
      return `Use at most ${problem.max} characters for the room name.`;
    case 'bad-characters':
      return 'Use only letters, digits, "-" and "_" in the room name.';
  }
}

/** What to fix in a username. */
export function usernameProblemText(problem: NameProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'Enter a username.';
    case 'too-long':
      return `Use at most ${problem.max} characters for the username.`;
    case 'bad-characters':
      return 'Use only printable characters in the username.';
  }
}
