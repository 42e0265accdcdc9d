import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { normalisePhone } from '../../../shared/rules/phone';
import { emailSchema, nameSchema } from '../../../shared/schemas/common';
import { patientSchema, type Patient } from '../../../shared/schemas/patient';
import { DuplicatePhone, type PatientInput } from '../../db/patients';
import { errorText, fieldMessage } from '../../ui/format';

function formSchema(countryCode: string, region: string | undefined) {
  return z.object({
    name: z.string().trim().min(1, 'Full name is required').pipe(nameSchema),
    phone: z.string().superRefine((p, ctx) => {
      const result = normalisePhone(p, countryCode, region);
      if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
    }),
    email: z.union([z.literal(''), z.string().trim().toLowerCase().pipe(emailSchema)]),
    allergies: z.string().max(1000, 'Allergies must be at most 1000 characters'),
    dateOfBirth: z.union([
      z.literal(''),
      z
        .string()
        .refine(
          (d) => patientSchema.shape.dateOfBirth.safeParse(d).success,
          'Date of birth must be a real date, not in the future',
        ),
    ]),
    address: z.string().max(300, 'Address must be at most 300 characters'),
    notes: z.string().max(4000, 'Notes must be at most 4000 characters'),
  });
}
type FormValues = z.input<ReturnType<typeof formSchema>>;

/**
 * Register or edit a patient. Fields are checked as you type; a phone already in the branch shows who
 * has it, with a way to open that record or confirm this is a different person.
 */
export function PatientForm({
  countryCode,
  region,
  initial,
  submitLabel,
  onSave,
  onUseExisting,
  onCancel,
  idPrefix,
}: {
  countryCode: string;
  /** The branch's phone region, when it has one. */
  region?: string | undefined;
  initial?: Partial<Patient>;
  submitLabel: string;
  onSave: (input: PatientInput, confirmDuplicate: boolean) => Promise<void>;
  onUseExisting?: (patient: Patient) => void;
  onCancel?: () => void;
  idPrefix: string;
}) {
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({
    resolver: zodResolver(formSchema(countryCode, region)),
    mode: 'onTouched',
    defaultValues: {
      name: initial?.name ?? '',
      phone: initial?.phone ? `+${initial.phone}` : '',
      email: initial?.email ?? '',
      allergies: initial?.allergies ?? '',
      dateOfBirth: initial?.dateOfBirth ?? '',
      address: initial?.address ?? '',
      notes: initial?.notes ?? '',
    },
  });
  const [duplicates, setDuplicates] = useState<Patient[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const save = (confirm: boolean) =>
    handleSubmit(async (values) => {
      setProblem(null);
      try {
        await onSave(
          {
            name: values.name,
            phone: values.phone,
            email: values.email,
            allergies: values.allergies,
            dateOfBirth: values.dateOfBirth,
            address: values.address,
            notes: values.notes,
          },
          confirm,
        );
        setDuplicates(null);
      } catch (e) {
        if (e instanceof DuplicatePhone) setDuplicates(e.existing);
        else setProblem(errorText(e));
      }
    });

  /** A labelled input or text area with its problem, in words, tied to it for screen readers. */
  const control = (name: keyof FormValues, label: string, multiline: boolean, props: Record<string, unknown>) => {
    const id = `${idPrefix}-${name}`;
    const error = fieldMessage(label, errors[name]?.message);
    const shared = {
      id,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? `${id}-error` : undefined,
      ...props,
      ...register(name),
    };
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {multiline ? <textarea rows={2} {...shared} /> : <input {...shared} />}
        {error && (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        )}
      </div>
    );
  };
  const field = (name: keyof FormValues, label: string, props: Record<string, unknown> = {}) =>
    control(name, label, false, props);
  const area = (name: 'allergies' | 'notes', label: string) => control(name, label, true, {});

  return (
    <form className="patient-form" onSubmit={(e) => void save(false)(e)} noValidate>
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
      <div className="two">
        {field('name', 'Full name', { autoComplete: 'off' })}
        {field('phone', 'Phone', { inputMode: 'tel', autoComplete: 'off' })}
      </div>
      <div className="two">
        {field('email', 'Email (optional)', { type: 'email', autoComplete: 'off' })}
        {field('dateOfBirth', 'Date of birth (optional)', { type: 'date', max: new Date().toISOString().slice(0, 10) })}
      </div>
      {field('address', 'Address (optional)', { autoComplete: 'off' })}
      <div className="two">
        {area('allergies', 'Allergies (optional)')}
        {area('notes', 'Notes (optional)')}
      </div>
      {duplicates && (
        <div className="warning" role="alert">
          <p>
            <strong>This phone number is already registered</strong> to {duplicates.map((d) => d.name).join(', ')}.
          </p>
          <div className="row">
            {onUseExisting &&
              duplicates.map((d) => (
                <button
                  key={d.id}
                  type="button"
                  className="secondary small"
                  onClick={() => {
                    onUseExisting(d);
                  }}
                >
                  Use {d.name}
                </button>
              ))}
            <button type="button" className="secondary small" onClick={(e) => void save(true)(e)}>
              Save anyway: a different person
            </button>
          </div>
        </div>
      )}
      <div className="row">
        <button className="primary" type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button className="secondary" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
