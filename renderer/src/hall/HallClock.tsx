/**
 * The hall's time on the page: the server's clock (PostgreSQL's) learnt at each answer that
 * carries it, kept ticking by the browser's clock, so ages ("12 秒前") are counted from the hall's
 * time even when the PC showing the page is off. Re-renders its readers once a second.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

interface ClockState {
  now: number;
  learn(hallTime: number): void;
}

const Ctx = createContext<ClockState | null>(null);

export function HallClockProvider({ children }: { children: ReactNode }) {
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now() + offset), 1000);
    setNow(Date.now() + offset);
    return () => clearInterval(id);
  }, [offset]);
  const learn = useCallback((hallTime: number) => setOffset(hallTime - Date.now()), []);
  return <Ctx.Provider value={{ now, learn }}>{children}</Ctx.Provider>;
}

export function useHallClock(): ClockState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useHallClock outside HallClockProvider');
  return v;
}
