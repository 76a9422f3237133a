import { parser } from '@grafana/lezer-logql';
import { ValidationError, show } from '../core/validation-error';

/**
 * Parses a LogQL query with Grafana's own grammar (@grafana/lezer-logql, the parser of Grafana's Loki
 * query editor) and refuses it when it is empty or does not parse.
 * @returns the query, unchanged.
 */
export function validateLogQL(query: unknown, where: string): string {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new ValidationError(where, `${show(query)} is empty; write a LogQL query (e.g. '{namespace="shop"} |= "error"').`);
  }
  const offset = firstLogQLError(query);
  if (offset !== undefined) {
    throw new ValidationError(where, `${show(query)} is not valid LogQL: syntax error at offset ${offset} (near ${show(query.slice(offset, offset + 20))}); check braces, quotes, pipes and [ranges].`);
  }
  return query;
}

/** True when the query is non-empty and parses. */
export function isValidLogQL(query: string): boolean {
  return query.trim() !== '' && firstLogQLError(query) === undefined;
}

function firstLogQLError(query: string): number | undefined {
  let offset: number | undefined;
  parser.parse(query).iterate({
    enter: (node) => {
      if (offset !== undefined) return false;
      if (node.type.isError) {
        offset = node.from;
        return false;
      }
      return undefined;
    },
  });
  return offset;
}
