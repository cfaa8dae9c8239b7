import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * An optional query parameter holding a whole number from 1 to `max` (the query string's text read as a number),
 * with a French message for each refusal.
 */
export function BoundedInteger(max: number, messages: { integer: string; min: string; max: string }): PropertyDecorator {
  // Listed as the stack of decorators they stand for, applied bottom up: the field's errors keep their order.
  const stack = [IsOptional(), Type(() => Number), IsInt({ message: messages.integer }), Min(1, { message: messages.min }), Max(max, { message: messages.max })];
  return applyDecorators(...stack.reverse());
}
