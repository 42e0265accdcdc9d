import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { localDatabase } from '../../db/runtime';
import { newClinicSchema, startStandaloneClinic } from '../../db/standalone';
import type { TerminalProfile } from '../../db/terminal-profile';
import { errorText, fieldMessage } from '../../ui/format';

type Values = z.input<typeof newClinicSchema>;
/** Every IANA zone this browser knows, offered as suggestions for the branch's time zone. */
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
const LABELS: Record<keyof Values, string> = {
  clinicName: 'Clinic name',
  branchName: 'Branch name',
  timeZone: 'Time zone',
  currency: 'Currency',
  phoneCountryCode: 'Phone country code',
  ownerName: 'Your name',
  email: 'Your email (to sign in)',
  password: 'Password (8 characters or more)',
};

/** A new clinic on this terminal alone: the branch's zone, currency and phone code, and its owner. */
export function NewClinicForm({ onStarted, onBack }: { onStarted: (p: TerminalProfile) => void; onBack: () => void }) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    resolver: zodResolver(newClinicSchema),
    mode: 'onTouched',
    defaultValues: {
      clinicName: '',
      branchName: '',
      timeZone: zone.includes('/') ? zone : 'Asia/Jakarta',
      currency: 'IDR',
      phoneCountryCode: '62',
      ownerName: '',
      email: '',
      password: '',
    },
  });
  const [problem, setProblem] = useState<string | null>(null);
  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      onStarted(await startStandaloneClinic(await localDatabase(), values));
    } catch (e) {
      setProblem(errorText(e, 'The clinic could not be created.'));
    }
  });
  const field = (name: keyof Values, type = 'text', list?: string) => (
    <div className="field">
      <label htmlFor={`nc-${name}`}>{LABELS[name]}</label>
      <input
        id={`nc-${name}`}
        type={type}
        list={list}
        autoComplete={name === 'password' ? 'new-password' : 'off'}
        aria-invalid={errors[name] ? true : undefined}
        {...register(name)}
      />
      {errors[name]?.message && <span className="field-error">{fieldMessage(LABELS[name], errors[name].message)}</span>}
    </div>
  );
  return (
    <div className="center">
      <form className="card medium" onSubmit={(e) => void submit(e)} noValidate>
        <h1>Start a new clinic</h1>
        <p className="hint">
          This terminal keeps the clinic on its own. You get a starter treatment list and are set up as its first
          practitioner.
        </p>
        {problem && (
          <div className="error" role="alert">
            {problem}
          </div>
        )}
        <div className="two">
          {field('clinicName')}
          {field('branchName')}
        </div>
        <div className="three">
          {field('timeZone', 'text', 'time-zones')}
          <datalist id="time-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          {field('currency')}
          {field('phoneCountryCode')}
        </div>
        <div className="two">
          {field('ownerName')}
          {field('email', 'email')}
        </div>
        {field('password', 'password')}
        <div className="row">
          <button className="primary" type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Creating…' : 'Create clinic'}
          </button>
          <button className="secondary" type="button" onClick={onBack}>
            Back
          </button>
        </div>
      </form>
    </div>
  );
}
