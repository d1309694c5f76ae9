/**
 * The recurrence syntax of EC2 Auto Scaling scheduled actions: five-field Unix cron, UTC. A strict checker
 * rather than a library: cron libraries also take seconds fields, `?`, `L`, `W`, `#` and `@daily`, which
 * EC2 Auto Scaling rejects at apply time, long after the plan looked fine.
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names accepted for values, from `min` upwards (JAN = 1, SUN = 0). */
  readonly names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** What a field allows, for messages: `0-59`, `1-12 or JAN-DEC`. */
function allowedText(field: CronField): string {
  const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
  return `${field.min}-${field.max}${names}`;
}

/** One value: a number (at most two digits) in range, or a name (any case, as Unix cron reads it). */
function valueOf(text: string, field: CronField): number | undefined {
  if (/^\d{1,2}$/.test(text)) {
    const value = Number(text);
    return value >= field.min && value <= field.max ? value : undefined;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? field.min + index : undefined;
}

/** `*`, `v`, `a-b`, each optionally `/step` (a step needs `*` or a range before it). Returns a problem or undefined. */
function checkItem(item: string, field: CronField): string | undefined {
  const [base, step, extra] = item.split('/');
  const bad = `the ${field.name} field "${item}"`;
  if (extra !== undefined) return `${bad} has more than one "/"`;
  if (step !== undefined) {
    if (!/^\d{1,2}$/.test(step) || Number(step) < 1 || Number(step) > field.max) return `${bad} needs a step from 1 to ${field.max}`;
    if (!base.includes('-') && base !== '*') return `${bad} steps a single value; write "*/${step}" or a range like "${field.min}-${field.max}/${step}"`;
  }
  if (base === '*') return undefined;
  const ends = base.split('-');
  if (ends.length > 2) return `${bad} is not a value, a range "a-b" or "*"; allowed values ${allowedText(field)}`;
  const values = ends.map((end) => valueOf(end, field));
  if (values.some((value) => value === undefined)) return `${bad} is not in ${allowedText(field)}`;
  if (values.length === 2 && values[0]! > values[1]!) return `${bad} is a range that runs backwards`;
  return undefined;
}

/** The problems of a recurrence, each naming the field; empty when EC2 Auto Scaling accepts it. */
export function cronProblems(expression: string): string[] {
  const parts = expression.split(' ');
  if (parts.length !== FIELDS.length || parts.some((part) => part === '')) {
    return ['needs five fields separated by single spaces'];
  }
  return parts.flatMap((part, index) =>
    part.split(',').flatMap((item) => {
      if (item === '') return [`the ${FIELDS[index].name} field "${part}" has an empty list item`];
      const problem = checkItem(item, FIELDS[index]);
      return problem ? [problem] : [];
    }),
  );
}
