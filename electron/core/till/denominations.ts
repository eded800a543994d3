/** Shared with the renderer: the schema lives in the contract. */
export * from '../../contract/denominations';
