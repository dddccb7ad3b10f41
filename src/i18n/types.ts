/** The languages of the product: Bahasa Indonesia (the default) and English. */
export type Lang = 'id' | 'en';

/**
 * One surface's catalogue: the same words in each language. Each catalogue types its English
 * half as `Record<keyof typeof id, …>`, so a key missing in one language does not compile.
 */
export type Catalogue<T> = Record<Lang, T>;
