import { useDataProvider } from "react-admin";
import type { IlmsDataProvider } from "../data";

/** The data provider with the console's extra verbs (quality map, import, round workflow...). */
export function useIlmsProvider(): IlmsDataProvider {
  return useDataProvider<IlmsDataProvider>();
}
