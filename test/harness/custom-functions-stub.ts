/**
 * The `CustomFunctions` global that Excel's runtime provides, for Node and the preview page:
 * the error class and codes the functions throw, and `associate` collecting id → function.
 */
export const associations = new Map<string, (...args: any[]) => unknown>();

class CustomFunctionsError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message ?? "");
    this.code = code;
  }
}

const stub = {
  Error: CustomFunctionsError,
  ErrorCode: {
    invalidValue: "#VALUE!",
    notAvailable: "#N/A",
    divisionByZero: "#DIV/0!",
    invalidNumber: "#NUM!",
    nullReference: "#NULL!",
    invalidName: "#NAME?",
    invalidReference: "#REF!",
    busy: "#BUSY!",
    connect: "#CONNECT!",
    gettingData: "#GETTING_DATA",
  },
  associate(id: string | Record<string, any>, fn?: (...args: any[]) => unknown) {
    if (typeof id === "string") associations.set(id.toUpperCase(), fn!);
    else for (const [k, v] of Object.entries(id)) associations.set(k.toUpperCase(), v);
  },
};

const g = globalThis as any;
if (!g.CustomFunctions) g.CustomFunctions = stub;
