// Numbers as the UI writes them: grouped the same way everywhere (1,000), with the noun agreeing.

export const count = (n: number): string => n.toLocaleString('en-US');

/** “1 account”, “1,000 accounts”. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;
