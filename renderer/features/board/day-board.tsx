import { AlertTriangle, ChevronLeft, ChevronRight, Plus } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { workingWindows } from '../../../shared/rules/availability';
import { holdsTime } from '../../../shared/rules/clash';
import {
  addDays,
  dayRange,
  localDateOf,
  localMinutesOf,
  minutesToClock,
  zonedToUtc,
} from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import { dayBookings$ } from '../../db/queries';
import { clockAt, dateLabel, STATUS_LABEL } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { useObservable } from '../../ui/use-observable';
import { useDesk, useWorkspace } from '../workspace/desk';
import { layoutLanes } from './lanes';
import { useShortcuts } from '../../ui/shortcuts';

const STEP = 15;
const ROW_PX = 22;

/**
 * The day board: a column per staff member on duty, 15-minute rows in the branch's time zone, bookings
 * as blocks coloured by status, and a line at the current time. Click a free cell to book there.
 */
export function DayBoard() {
  const desk = useDesk();
  const { zone, branch, staff, treatments, session } = desk;
  const now = useNow();
  const today = localDateOf(now, zone);
  const chosen = useWorkspace((s) => s.date);
  const setDate = useWorkspace((s) => s.setDate);
  const open = useWorkspace((s) => s.open);
  const date = chosen ?? today;
  const [category, setCategory] = useState('');
  const [staffFilter, setStaffFilter] = useState('');
  const [showClosed, setShowClosed] = useState(false);
  useShortcuts({
    'Alt+ArrowLeft': () => {
      setDate(addDays(date, -1));
    },
    'Alt+ArrowRight': () => {
      setDate(addDays(date, 1));
    },
    'Alt+Home': () => {
      setDate(null);
    },
    n: () => {
      if (session.role !== 'therapist') open({ kind: 'new-booking', date });
    },
  });
  const bookings = useObservable(
    () => dayBookings$(desk.db, branch.id, date, zone),
    [desk.db, branch.id, date, zone],
    [],
  );

  const categories = useMemo(() => [...new Set(treatments.map((t) => t.category))].sort(), [treatments]);
  const categoryOf = useMemo(() => new Map(treatments.map((t) => [t.id, t.category])), [treatments]);
  const ownOnly = session.role === 'therapist';

  const columns = useMemo(() => {
    const inCategory = category
      ? new Set(
          treatments
            .filter((t) => t.category === category)
            .flatMap((t) => (t.assignedStaff.length > 0 ? t.assignedStaff : staff.map((s) => s.id))),
        )
      : null;
    return staff
      .filter((s) => !ownOnly || session.staffIds.includes(s.id))
      .filter((s) => !staffFilter || s.id === staffFilter)
      .filter((s) => !inCategory || inCategory.has(s.id))
      .map((s) => ({ staff: s, windows: workingWindows(s, date, zone) }))
      .filter(
        (c) =>
          (c.staff.isActive && c.windows.length > 0) ||
          bookings.some((b) => b.staffId === c.staff.id && holdsTime(b.status)),
      );
  }, [staff, treatments, category, staffFilter, ownOnly, session.staffIds, date, zone, bookings]);

  const visible = bookings.filter(
    (b) =>
      (showClosed || holdsTime(b.status) || b.status === 'completed') &&
      (!category || categoryOf.get(b.treatmentId) === category),
  );

  // The grid spans working hours of the people shown (and any booking outside them), whole hours.
  const day = dayRange(date, zone);
  const minuteOf = (ms: number) => (ms <= day.startAt ? 0 : ms >= day.endAt ? 24 * 60 : localMinutesOf(ms, zone));
  let first = 9 * 60;
  let last = 18 * 60;
  for (const c of columns)
    for (const w of c.windows) {
      first = Math.min(first, minuteOf(w.startAt));
      last = Math.max(last, minuteOf(w.endAt));
    }
  for (const b of visible) {
    first = Math.min(first, minuteOf(b.startAt));
    last = Math.max(last, minuteOf(b.endAt));
  }
  first = Math.floor(first / 60) * 60;
  last = Math.min(24 * 60, Math.ceil(last / 60) * 60);
  const rows: number[] = [];
  for (let m = first; m < last; m += STEP) rows.push(m);
  // Each row's instant, worked out once per render rather than once per cell.
  const rowAt = rows.map((m) => ({ m, at: zonedToUtc(date, m, zone) }));
  const top = (minutes: number) => ((minutes - first) / STEP) * ROW_PX;
  const nowMinutes = date === today ? localMinutesOf(now, zone) : null;

  return (
    <section className="board" aria-labelledby="board-title">
      <div className="board-toolbar">
        <h1 id="board-title">{dateLabel(date)}</h1>
        <div className="row">
          <button
            type="button"
            className="icon-button"
            aria-label="Previous day"
            aria-keyshortcuts="Alt+ArrowLeft"
            title="Previous day (Alt+←)"
            onClick={() => {
              setDate(addDays(date, -1));
            }}
          >
            <ChevronLeft size={18} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              setDate(null);
            }}
            disabled={date === today}
            aria-keyshortcuts="Alt+Home"
            title="Today (Alt+Home)"
          >
            Today
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Next day"
            aria-keyshortcuts="Alt+ArrowRight"
            title="Next day (Alt+→)"
            onClick={() => {
              setDate(addDays(date, 1));
            }}
          >
            <ChevronRight size={18} aria-hidden="true" />
          </button>
          <input
            type="date"
            aria-label="Go to date"
            value={date}
            onChange={(e) => {
              if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) setDate(e.target.value);
            }}
          />
        </div>
        <label className="inline-field">
          Category
          <select
            value={category}
            onChange={(e) => {
              setCategory(e.target.value);
            }}
          >
            <option value="">All</option>
            {categories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        {!ownOnly && (
          <label className="inline-field">
            Staff
            <select
              value={staffFilter}
              onChange={(e) => {
                setStaffFilter(e.target.value);
              }}
            >
              <option value="">Everyone on duty</option>
              {staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="inline-field">
          <input
            type="checkbox"
            checked={showClosed}
            onChange={(e) => {
              setShowClosed(e.target.checked);
            }}
          />
          Cancelled and no-shows
        </label>
        <span className="spacer" />
        {!ownOnly && (
          <button
            type="button"
            className="primary"
            aria-keyshortcuts="N"
            title="New booking (N)"
            onClick={() => {
              open({ kind: 'new-booking', date });
            }}
          >
            <Plus size={16} aria-hidden="true" /> New booking
          </button>
        )}
      </div>
      {columns.length === 0 ? (
        <p className="hint empty">
          {ownOnly
            ? `You have no working hours or bookings on ${dateLabel(date)}.`
            : `Nobody is on duty on ${dateLabel(date)}${category ? ` for ${category}` : ''}.`}
        </p>
      ) : (
        <div className="board-scroll" tabIndex={0} aria-label="Bookings by staff and time">
          <div
            className="board-grid"
            style={{ gridTemplateColumns: `56px repeat(${columns.length}, minmax(150px, 1fr))` }}
          >
            <div className="board-corner" aria-hidden="true" />
            {columns.map((c) => (
              <div key={c.staff.id} className="board-head" role="columnheader">
                <strong>{c.staff.name}</strong>
                <small>{c.staff.role}</small>
              </div>
            ))}
            <div className="board-times" style={{ height: rows.length * ROW_PX }} aria-hidden="true">
              {rows
                .filter((m) => m % 60 === 0)
                .map((m) => (
                  <span key={m} style={{ top: top(m) }}>
                    {minutesToClock(m)}
                  </span>
                ))}
            </div>
            {columns.map((c) => {
              const mine = visible.filter((b) => b.staffId === c.staff.id);
              const lanes = layoutLanes(mine);
              const workingRows = new Set(
                rowAt.filter((r) => c.windows.some((w) => w.startAt <= r.at && r.at < w.endAt)).map((r) => r.m),
              );
              const working = (m: number) => workingRows.has(m);
              return (
                <div
                  key={c.staff.id}
                  className="board-column"
                  style={{ height: rows.length * ROW_PX }}
                  aria-label={`${c.staff.name}'s day`}
                >
                  {rows.map((m) =>
                    working(m) && !ownOnly ? (
                      <button
                        key={m}
                        type="button"
                        className={`cell ${m % 60 === 0 ? 'hour' : ''}`}
                        style={{ top: top(m), height: ROW_PX }}
                        aria-label={`Book ${c.staff.name} at ${minutesToClock(m)}`}
                        onClick={() => {
                          open({ kind: 'new-booking', staffId: c.staff.id, startAt: zonedToUtc(date, m, zone), date });
                        }}
                      />
                    ) : (
                      <div
                        key={m}
                        className={`cell ${working(m) ? '' : 'off'} ${m % 60 === 0 ? 'hour' : ''}`}
                        style={{ top: top(m), height: ROW_PX }}
                      />
                    ),
                  )}
                  {mine.map((b) => (
                    <BookingBlock
                      key={b.id}
                      booking={b}
                      top={top(minuteOf(b.startAt))}
                      height={Math.max(ROW_PX, top(minuteOf(b.endAt)) - top(minuteOf(b.startAt)))}
                      lane={lanes.get(b.id) ?? { index: 0, count: 1 }}
                      onOpen={() => {
                        open({ kind: 'booking', id: b.id });
                      }}
                    />
                  ))}
                  {nowMinutes !== null && nowMinutes >= first && nowMinutes < last && (
                    <div className="now-line" style={{ top: top(nowMinutes) }} aria-hidden="true" />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
      <Legend />
    </section>
  );
}

function BookingBlock({
  booking,
  top,
  height,
  lane,
  onOpen,
}: {
  booking: Booking;
  top: number;
  height: number;
  lane: { index: number; count: number };
  onOpen: () => void;
}) {
  const { zone, treatmentName } = useDesk();
  // Just made or moved here: once its dialog is closed, bring it into view and flash it.
  const flash = useWorkspace((s) => s.highlight === booking.id && s.dialog === null);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!flash) return;
    ref.current?.scrollIntoView({ block: 'center', inline: 'center' });
    const done = setTimeout(() => {
      useWorkspace.getState().shown();
    }, 2_400);
    return () => {
      clearTimeout(done);
    };
  }, [flash]);
  const clash = (booking.clashWith?.length ?? 0) > 0 && !booking.overlapReason;
  const time = `${clockAt(booking.startAt, zone)}–${clockAt(booking.endAt, zone)}`;
  const label = `${time} ${booking.patientName}, ${treatmentName(booking.treatmentId)}, ${STATUS_LABEL[booking.status]}${clash ? ', double-booked' : ''}`;
  return (
    <button
      type="button"
      ref={ref}
      className={`block status-${booking.status} ${clash ? 'clash' : ''} ${height < 40 ? 'short' : ''} ${flash ? 'flash' : ''}`}
      style={{
        top,
        height,
        left: `calc(${(lane.index * 100) / lane.count}% + 2px)`,
        width: `calc(${100 / lane.count}% - 4px)`,
      }}
      aria-label={label}
      title={label}
      onClick={onOpen}
    >
      <span className="block-time">
        {clash && <AlertTriangle size={12} aria-hidden="true" />} {time}
        {booking.ticket ? ` · ${booking.ticket}` : ''}
      </span>
      <strong>{booking.patientName}</strong>
      <span>{treatmentName(booking.treatmentId)}</span>
    </button>
  );
}

function Legend() {
  const shown = ['pending', 'confirmed', 'checked-in', 'in-progress', 'completed', 'no-show'] as const;
  return (
    <ul className="legend" aria-label="Colours by status">
      {shown.map((s) => (
        <li key={s}>
          <span className={`swatch status-${s}`} aria-hidden="true" />
          {STATUS_LABEL[s]}
        </li>
      ))}
      <li>
        <span className="swatch clash" aria-hidden="true" />
        Double-booked
      </li>
    </ul>
  );
}
